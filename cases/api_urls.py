from rest_framework.routers import SimpleRouter

from cases import api

router = SimpleRouter()
router.register("cases", api.CaseViewSet, basename="case")
router.register("referrals", api.ReferralViewSet, basename="referral")
router.register("survey-indicators", api.SurveyIndicatorViewSet, basename="survey-indicator")

urlpatterns = router.urls
