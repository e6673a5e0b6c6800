from rest_framework.routers import SimpleRouter

from registry import api

router = SimpleRouter()
router.register("associations", api.AssociationViewSet, basename="association")
router.register("experts", api.ExpertViewSet, basename="expert")

urlpatterns = router.urls
