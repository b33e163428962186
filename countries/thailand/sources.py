"""Where the Thai facts come from (see README.md for what each gave)."""

MOL_NEWS = "mol.go.th/en/news (Thai Ministry of Labour news, 2010-2022)"
DOE = "mol.go.th/en/news; doe.go.th (Lopburi office page)"
DSD_TRAINING = "nationthailand.com (2022)"
NOTICE_2012 = "prachatai.com (2012), Department of Employment notice for men"
RETURNEE_FUND = "nationthailand.com (2022)"
CAREER_FUND = "mol.go.th/en/news (December 2022)"
OFFICES = "https://spiceup.lk/imjapan/ (2023 interview at IM Japan's Colombo office)"
LOCAL_NAME = "Unicode CLDR territory names (th)"

# ESD (育成就労) and what led to it: shared/reference/supervision-and-esd.md section 10.
ESD_TITP_MOC = "moj.go.jp/isa/content/930004220.pdf (a copy of the memorandum)"
