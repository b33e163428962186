"""Where the Sri Lankan facts come from (see README.md for what each gave)."""

SLBFE = "karihaalan.com; adaderana.lk"
AGREEMENT_2023 = "newswire.lk (2023): further SLBFE-IM Japan agreement of 2023-10-11"
MINISTRY = "asianmirror.lk (2019); adaderana.lk (2023)"
MINISTRY_2024 = (
    "ministry release of 18 Nov 2024, reprinted at "
    "torontoslcg.org/index.php?option=com_content&view=article&id=690; "
    "adaderana.lk/news.php?nid=104085; imm.or.jp/cms/jp_news/20250210intl01"
)
TANGALLE = "https://spiceup.lk/imjapan/; adaderana.lk (2025)"
OFFICES = "https://spiceup.lk/imjapan/ (2023 interview at IM Japan's Colombo office)"
AGREEMENT_2017 = "https://spiceup.lk/imjapan/ (agreement signed in July 2017)"
LOCAL_NAMES = "Unicode CLDR territory names (si, ta)"

# ESD (育成就労) and what led to it: shared/reference/supervision-and-esd.md section 10.
ESD_SSW_MOC = "http://www.adaderana.lk/news.php?nid=55867"
ESD_SLBFE_IM_JAPAN = (
    "https://www.newswire.lk/2023/10/12/skilled-jobs-for-3-sectors-in-japan-sl-signs-new-agreement/"
)
ESD_SLFEA_EUC = "https://dailyfc.com/?p=2102"
