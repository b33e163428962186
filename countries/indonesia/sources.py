"""Where the Indonesian facts come from (see README.md for what each gave)."""

KEMNAKER_NAME = "jakartadaily.id (2022); jawawa.id"
BINALAVOTAS = "id.theasianparent.com; 123dok thesis"
REGIONAL_EXECUTORS = "maklumat.id; tribunnews.com"
NOTICES_2023_2024 = (
    "edukasi.okezone.com (2023); ohayojepang.kompas.com (2024), citing Kemnaker notices"
)
CRITERIA_2022 = "tribunnews.com (2022)"
KOMPAS_2024 = "ohayojepang.kompas.com (2024)"
TRAINING = "ohayojepang.kompas.com; nakertrans.jogjaprov.go.id; 123dok thesis"
IKAPEKSI = (
    "jurnalkawasan.com (2024); matsui-glocal.com (2015); jpnn.com (2023); ikapeksi.com; maklumat.id"
)
RETURNEE_SUPPORT_2011 = "oktofani.com (2011), quoting the Jakarta Post"
OFFICES = "https://spiceup.lk/imjapan/ (2023 interview at IM Japan's Colombo office)"
FIRST_INTAKE = "https://imm.or.jp/en/imjapan/ (161 trainees in May 1993)"
LOCAL_NAME = "Unicode CLDR territory names (id)"

# ESD (育成就労) and what led to it: shared/reference/supervision-and-esd.md section 10.
ESD_KEMNAKER_KAGAWA = "https://min.co.id/2026/01/27/menjahit-masa-depan-di-negeri-sakura-indonesia-kagawa-perluas-jalan-magang-muda-ke-jepang/"
ESD_KP2MI_KAGAWA = (
    "https://apakabaronline.com/mou-ditandatangani-jepang-tambah-kuota-penempatan-pmi-hingga-2029"
)
