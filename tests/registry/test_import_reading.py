"""Reading an import file: encodings, delimiters and headers as spreadsheets write them."""

from __future__ import annotations

import codecs

import pytest

from registry.importing import ImportFileError, decode, parse

ASSOCIATION_HEADER = (
    "nom;pays;ville;annee_creation;nombre_membres;region_origine;contact_nom;contact_email"
)
ROW = "Association A;FR;Paris;2010;12;plateaux;Ama;ama@example.org"


def test_a_utf8_bom_is_not_part_of_the_first_column_name() -> None:
    assert decode(codecs.BOM_UTF8 + "prénom;pays".encode()) == "prénom;pays"


def test_windows_1252_text_is_decoded() -> None:
    assert decode("Éwé;Lomé".encode("cp1252")) == "Éwé;Lomé"


def test_a_bom_followed_by_windows_bytes_is_still_dropped() -> None:
    assert decode(codecs.BOM_UTF8 + "Créteil".encode("cp1252")) == "Créteil"


def test_bytes_windows_1252_does_not_know_fall_back_to_latin_1() -> None:
    assert decode(b"caf\xe9 \x81") == "café \x81"


def test_utf16_with_its_bom_is_decoded() -> None:
    assert decode("nom;pays\r\nÉwé;FR".encode("utf-16")) == "nom;pays\r\nÉwé;FR"


def test_a_binary_file_is_refused() -> None:
    with pytest.raises(ImportFileError) as refused:
        decode(b"\xd0\xcf\x11\xe0\x00\x00binary")
    assert "n'est pas un fichier CSV" in refused.value.messages[0]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_delimiter_is_taken_from_the_header_line(delimiter: str) -> None:
    text = f"{ASSOCIATION_HEADER}\n{ROW}\n".replace(";", delimiter)

    parsed = parse("associations", text)

    assert parsed.delimiter == delimiter
    assert parsed.rows[0].cells["city"] == "Paris"


def test_empty_trailing_header_cells_are_ignored() -> None:
    parsed = parse("associations", f"{ASSOCIATION_HEADER};;;\n{ROW};;;\n")

    assert len(parsed.rows) == 1
    assert parsed.rows[0].extra_values == 0


def test_a_column_without_a_name_and_a_repeated_column_refuse_the_file() -> None:
    with pytest.raises(ImportFileError) as refused:
        parse("associations", f"{ASSOCIATION_HEADER};;Pays\n{ROW};x;FR\n")

    messages = refused.value.messages
    assert "Colonne en double : « Pays »." in messages
    assert "La colonne n° 9 de l'en-tête n'a pas de nom." in messages


def test_blank_lines_are_skipped_but_still_counted() -> None:
    parsed = parse("associations", f"\n{ASSOCIATION_HEADER}\n\n{ROW}\n;;;;\n{ROW}\n")

    assert [row.line for row in parsed.rows] == [4, 6]
