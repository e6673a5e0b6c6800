from rest_framework.routers import SimpleRouter

from missions import api

router = SimpleRouter()
router.register("mission-needs", api.MissionNeedViewSet, basename="mission-need")
router.register("missions", api.MissionViewSet, basename="mission")

urlpatterns = router.urls
