from rest_framework.routers import SimpleRouter

from workflows import api

router = SimpleRouter()
router.register("calls", api.CallViewSet, basename="call")
router.register("proposals", api.ProposalViewSet, basename="proposal")
router.register("tranches", api.TrancheViewSet, basename="tranche")
router.register("attachments", api.AttachmentViewSet, basename="attachment")

urlpatterns = [
    *router.urls,
]
