"""Where the Vietnamese facts come from (see README.md for what each gave)."""

AGREEMENT_2005 = "baovinhphuc.com.vn (2017): agreement signed with MOLISA on 2005-10-11"
MOLISA = "vietnamplus.vn (2022); en.cand.com.vn"
MOHA_2025 = "nld.com.vn (2025); laodongcongdoan.vn (2025)"
COLAB = "nld.com.vn (2025); laodongthudo.vn (2019)"
NOTICE_2025 = "nld.com.vn (2025), notice for batch 4/2025"
MOU_2022 = "vietnamplus.vn (2022), 2022 MoU"
SELECTION = "thongtintructuyen.net"
HEIGHT_HISTORY = (
    "thongtintructuyen.net (1.58 m); pnvnnuocngoai (2022, 1.60 m); nld.com.vn (2025, 1.50 m)"
)
TRAINING = "laodongthudo.vn (2019); geonews3; baovinhphuc.com.vn (2017)"
START_UP = "baovinhphuc.com.vn (2017); pnvnnuocngoai (2022)"
OFFICES = "https://spiceup.lk/imjapan/ (2023 interview at IM Japan's Colombo office)"
LOCAL_NAME = "Unicode CLDR territory names (vi)"

# ESD (育成就労) and what led to it: shared/reference/supervision-and-esd.md section 10.
ESD_TITP_MOC = "http://www.mhlw.go.jp/photo/2017/06/ph0606-01.html"
