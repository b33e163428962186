"""Where the Bangladeshi facts come from (see README.md for what each gave)."""

MOU_2017 = "jagoroniya.com (2017): MoU signed 2017-03-13 at Probashi Kallyan Bhaban, Dhaka"
MOEWOE = "MoU scan (scribd copy); bdreports24.com; prothomalo.com (2025)"
BMET_PORTAL = (
    "https://bmet.portal.gov.bd/site/page/39d054a9-9ba6-48e1-99eb-2fb9a4cae41c/nolink/- "
    "(updated 2019-01-24)"
)
NOTICE_2019 = "bddnews.com (2019), translating Prothom Alo on a MoEWOE notice"
PROCESS_2025 = "iwate-bd.org (2025, secondary)"
MOU_SUMMARY = "bdreports24.com (MoU summary)"
TTC = "https://imm.or.jp/program/selection.html; observerbd.com; bddnews.com/Prothom Alo (2019)"
SSW_PRIORITY = "observerbd.com"
OFFICES = "https://spiceup.lk/imjapan/ (2023 interview at IM Japan's Colombo office)"
LOCAL_NAME = "Unicode CLDR territory names (bn)"

# ESD (育成就労) and what led to it: shared/reference/supervision-and-esd.md section 10.
ESD_SSW_MOC = "https://ma-cosmos.com/2019/08/27/2019082703"
ESD_BMET_MOUS = "https://www.themirrorasia.net/news/2025/05/29/4826"
