"""General receipt rules of the deterministic resolver (hand-built documents, no data files)."""

from __future__ import annotations

from sheaf.extract import extract

from .helpers import doc_from_pages, page_from_cells

SCHEMA = {
    "type": "object",
    "properties": {
        "company": {"type": "string", "description": "Name of the company that issued the receipt"},
        "date": {"type": "string", "description": "Date of the receipt, as printed"},
        "address": {"type": "string", "description": "Address of the company"},
        "total": {"type": "string", "description": "Total amount paid, without currency symbol"},
    },
}


def _run(cells):
    return extract(doc_from_pages(page_from_cells(cells)), SCHEMA).data


def test_legal_name_broken_over_two_lines_is_joined():
    data = _run(
        [
            (60, 40, "LIAN CHI PU TIAN VEGETARIAN"),
            (80, 54, "RESTAURANT SDN BHD"),
            (100, 68, "(1095514-X)"),
            (60, 82, "54, JALAN SS23/11, TAMAN SEA,"),
            (60, 96, "47400 PETALING JAYA, SELANGOR"),
            (60, 110, "TEL: 03-7805 7889"),
            (60, 140, "TOTAL 12.50"),
        ]
    )
    assert data["company"] == "LIAN CHI PU TIAN VEGETARIAN RESTAURANT SDN BHD"


def test_cash_and_carry_is_a_shop_name_and_reg_number_is_not_a_name():
    data = _run(
        [
            (60, 40, "FIVE STAR CASH & CARRY"),
            (60, 54, "COMPANY NO: SA0127959-D"),
            (60, 68, "NO.1 JALAN SS 9/1, 47300 PJ, SELANGOR."),
            (60, 82, "TEL/FAX : 603-7877 9712"),
            (60, 120, "TOTAL 9.90"),
        ]
    )
    assert data["company"] == "FIVE STAR CASH & CARRY"


def test_owner_label_and_registration_tail_are_cut():
    data = _run(
        [
            (60, 40, "DIMILIKI: BANH MI CAFE SDN BHD 1110644-W"),
            (60, 54, "NO. 1 JALAN PUTERI 7/10"),
            (60, 68, "47100 PUCHONG SELANGOR"),
            (60, 120, "TOTAL 9.90"),
        ]
    )
    assert data["company"] == "BANH MI CAFE SDN BHD"


def test_outlet_line_extending_the_brand_is_not_the_name():
    data = _run(
        [
            (60, 40, "DOMINO'S PIZZA"),
            (60, 54, "GST REF NO : 001694261248"),
            (60, 68, "DOMINO'S PIZZA PERMAS JAYA"),
            (60, 82, "NO.12, JALAN PERMAS JAYA 10,"),
            (60, 96, "81750 MASAI JOHOR"),
            (60, 140, "TOTAL 21.60"),
        ]
    )
    assert data["company"] == "DOMINO'S PIZZA"


def test_address_stops_at_outlet_name_and_glued_invoice_title():
    data = _run(
        [
            (60, 40, "POPULAR BOOK CO. (M) SDN BHD"),
            (60, 54, "NO 8, JALAN 7/118B , DESA TUN RAZAK"),
            (60, 68, "56000 KUALA LUMPUR, MALAYSIA"),
            (60, 82, "SUNWAY VELOCITY"),
            (60, 96, "TAXINVOICE"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == "NO 8, JALAN 7/118B, DESA TUN RAZAK 56000 KUALA LUMPUR, MALAYSIA"


def test_address_label_prefix_is_dropped_and_items_are_not_an_address():
    data = _run(
        [
            (60, 40, "SIN LIAN HIN TRADING SDN BHD"),
            (60, 54, "HQ ADD: LOT 11995, BATU 2, JALAN KAPAR"),
            (60, 68, "41400 KLANG, SELANGOR"),
            (60, 82, "TEL: 03-3291 8882"),
            (60, 110, "12 WIDGET 2 X 3.50 7.00"),
            (60, 140, "TOTAL 7.00"),
        ]
    )
    assert data["address"] == "LOT 11995, BATU 2, JALAN KAPAR 41400 KLANG, SELANGOR"


def test_large_rounding_line_is_the_rounded_total():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT MAJU ENTERPRISE"),
            (60, 54, "12, JALAN BESAR, 45600 SELANGOR"),
            (60, 100, "TOTAL SALES (INCLUSIVE GST)"),
            (300, 100, "45.34"),
            (60, 114, "ROUNDING"),
            (300, 114, "45.35"),
            (60, 128, "CASH"),
            (300, 128, "50.00"),
            (60, 142, "CHANGE"),
            (300, 142, "4.65"),
        ]
    )
    assert data["total"] == "45.35"


def test_total_after_rounding_label_wins():
    data = _run(
        [
            (60, 40, "TONYMOLY VIVA CITY"),
            (60, 100, "TOTAL SALES INCL. GST"),
            (300, 100, "100.62"),
            (60, 114, "ROUNDING ADJUSTMENT"),
            (300, 114, "-0.02"),
            (60, 128, "TOTAL AFTER ROUNDING"),
            (300, 128, "100.60"),
        ]
    )
    assert data["total"] == "100.60"


def test_card_expiry_is_not_the_receipt_date():
    data = _run(
        [
            (60, 40, "POPULAR BOOK CO. (M) SDN BHD"),
            (60, 70, "01/03/18 19:14"),
            (200, 70, "SLIP NO.: 0010104733"),
            (60, 100, "TOTAL 9.90"),
            (60, 130, "MEMBER CARD NO: 2008011381468"),
            (60, 144, "CARD EXPIRY: 30/09/18"),
        ]
    )
    assert data["date"] == "01/03/18"


def test_branch_code_or_bracketed_branch_under_the_postcode_closes_the_address():
    data = _run(
        [
            (60, 40, "99 SPEED MART S/B (519537-X)"),
            (60, 54, "LOT P.T. 2811, JALAN ANGSA,"),
            (60, 68, "TAMAN BERKELEY"),
            (60, 82, "41150 KLANG, SELANGOR"),
            (60, 96, "1076-IJOK"),
            (60, 110, "GST ID. NO : 000181747712"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == (
        "LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR 1076-IJOK"
    )
    data = _run(
        [
            (60, 40, "MR D.I.Y. (JOHOR) SDN BHD"),
            (60, 54, "LOT 1851-A & 1851-B, JALAN KPB 6,"),
            (60, 68, "43300 SERI KEMBANGAN, SELANGOR"),
            (60, 82, "(MR DIY TESCO TERBAU)"),
            (60, 96, "-INVOICE-"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == (
        "LOT 1851-A & 1851-B, JALAN KPB 6, 43300 SERI KEMBANGAN, SELANGOR (MR DIY TESCO TERBAU)"
    )


def test_address_goes_on_after_a_trailing_comma_or_a_postcode_ending_the_line():
    data = _run(
        [
            (60, 40, "ORCHID TRADING SDN BHD"),
            (60, 54, "NO.7, JALAN MERANTI,"),
            (60, 68, "39000 TANAH RATA,"),
            (60, 82, "CAMERON HIGHLANDS,"),
            (60, 96, "PAHANG"),
            (60, 110, "GST REG: 001234567890"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == "NO.7, JALAN MERANTI, 39000 TANAH RATA, CAMERON HIGHLANDS, PAHANG"
    data = _run(
        [
            (60, 40, "KEDAI KOPI MELATI"),
            (60, 54, "NO.3-1 JALAN CEMPAKA 2 SEKSYEN 9 40100"),
            (60, 68, "SHAH ALAM"),
            (60, 82, "SELANGOR"),
            (60, 96, "TAX INVOICE"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == "NO.3-1 JALAN CEMPAKA 2 SEKSYEN 9 40100 SHAH ALAM SELANGOR"


def test_a_blank_band_closes_the_address_and_a_glued_fax_label_is_cut():
    data = _run(
        [
            (60, 40, "PETRO STATION KEMPAS"),
            (60, 54, "LOT PTD 2020"),
            (60, 68, "JALAN KEMPAS 5/1"),
            (60, 82, "8130 JOHOR BAHRU, JOHOR"),  # OCR lost a postcode digit
            (60, 130, "PREPAY VOUCHER NUMBER"),
            (60, 144, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == "LOT PTD 2020 JALAN KEMPAS 5/1 8130 JOHOR BAHRU, JOHOR"
    data = _run(
        [
            (60, 40, "ACME ELECTRICAL TRADING SDN BHD"),
            (60, 54, "NO 5, JALAN MAWAR 3/2,"),
            (60, 68, "SEKSYEN 3, 40000 SHAH ALAM, SELANGOR FAX: 03-5555 1234"),
            (60, 82, "TEL: 03-5555 1235"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == "NO 5, JALAN MAWAR 3/2, SEKSYEN 3, 40000 SHAH ALAM, SELANGOR"


def test_a_negative_payment_is_not_the_total_but_pays_it():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT ANGGERIK"),
            (60, 54, "NO 2, JALAN ANGGERIK, 43000 KAJANG"),
            (60, 100, "TOTAL INCLUSIVE OF TAX"),
            (300, 100, "11.25"),
            (60, 114, "ROUNDING ADJUSTMENT"),
            (300, 114, "0.00"),
            (60, 128, "PAYMENT"),
            (300, 128, "-20.00"),
            (60, 142, "CHANGE"),
            (300, 142, "8.75"),
        ]
    )
    assert data["total"] == "11.25"


def test_a_full_stop_ending_an_address_line_or_after_a_number_reads_as_a_comma():
    data = _run(
        [
            (60, 40, "KEDAI UBAT CEMPAKA"),
            (60, 54, "NO 12. LORONG MELUR. JLN. KENANGA 3."),
            (60, 68, "52100 KUALA LUMPUR."),
            (60, 82, "TEL: 03-5555 1236"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    # after a number the stop is a misread comma; after a word inside a line it is kept
    assert data["address"] == "NO 12, LORONG MELUR. JLN. KENANGA 3, 52100 KUALA LUMPUR."
    data = _run(
        [
            (60, 40, "KEDAI UBAT CEMPAKA"),
            (60, 54, "NO 12, LORONG MELUR."),  # a word ending a line inside the block
            (60, 68, "TAMAN MELUR, 52100 KUALA LUMPUR."),
            (60, 82, "TEL: 03-5555 1236"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == "NO 12, LORONG MELUR, TAMAN MELUR, 52100 KUALA LUMPUR."
    data = _run(
        [
            (60, 40, "KEDAI UBAT CEMPAKA"),
            (60, 54, "NO 31G, JALAN MELUR C 25/C."),
            (60, 68, "SEKSYEN 25, TAMAN MELUR .,"),
            (60, 82, "JLN ULU KERAMAT ."),
            (60, 96, "40400 SHAH ALAM, SELANGOR D.E."),
            (60, 110, "TEL: 03-5555 1236"),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["address"] == (
        "NO 31G, JALAN MELUR C 25/C, SEKSYEN 25, TAMAN MELUR, JLN ULU KERAMAT, "
        "40400 SHAH ALAM, SELANGOR D.E."
    )


def test_a_date_glued_to_its_label_or_to_the_time_is_read_but_not_one_inside_a_code():
    def date_of(line):
        return _run(
            [
                (60, 40, "KEDAI RUNCIT MAJU SDN BHD"),
                (60, 54, "NO 2, JALAN MAJU, 43000 KAJANG"),
                (60, 68, "ART HD03-04-06 - 5/40/160"),
                (60, 90, line),
                (60, 150, "TOTAL 7.00"),
            ]
        ).get("date")

    assert date_of("DATE12/03/2018") == "12/03/2018"
    assert date_of("CASHIER 2 12/03/201810:22") == "12/03/2018"
    assert date_of("CASHIER 2") is None  # the code's "03-04-06" is not a date


def test_a_legal_form_misread_by_ocr_still_marks_the_company_line():
    data = _run(
        [
            (60, 40, "LIM AH KOW"),
            (60, 54, "BUKU CERIA (TAMAN MAJU) SDN BND"),
            (60, 68, "789417-W"),
            (60, 82, "NO.5, JALAN SAGU 18, TAMAN MAJU,"),
            (60, 96, "81100 JOHOR BAHRU, JOHOR."),
            (60, 140, "TOTAL 9.90"),
        ]
    )
    assert data["company"] == "BUKU CERIA (TAMAN MAJU) SDN BND"


def test_amounts_printed_half_a_line_above_their_labels_pair_with_them():
    # a skewed till roll: each amount sits half a line higher than its label, so in reading
    # order "99.00" comes before "TOTAL :" and the line after the label is "CASH : ..."
    data = _run(
        [
            (60, 40, "ASO ELECTRICAL TRADING SDN BHD"),
            (60, 54, "NO 31G, JALAN SEPADU C 25/C, 40400 SHAH ALAM"),
            (300, 103, "93.40"),
            (60, 110, "SUB TOTAL :"),
            (300, 123, "99.00"),
            (60, 130, "TOTAL :"),
            (300, 143, "100.00"),
            (60, 150, "CASH :"),
            (300, 163, "1.00"),
            (60, 170, "CHANGE :"),
        ]
    )
    assert data["total"] == "99.00"


def test_a_total_label_including_gst_is_not_a_tax_label_and_rounding_goes_to_5_cents():
    data = _run(
        [
            (60, 40, "AEON CO. (M) BHD."),
            (60, 100, "SUB-TOTAL"),
            (300, 100, "88.97"),
            (60, 114, "TOTAL SALES INCL GST"),
            (300, 114, "88.97"),
            (60, 128, "ROUNDING ADJ"),
            (300, 128, "-0.02"),
            (60, 142, "TOTAL ATTER ADJ INCL GST"),  # OCR: ATTER for AFTER
            (300, 142, "88.95"),
            (60, 156, "CASH"),
            (300, 156, "100.00"),
            (60, 186, "GST SUMMARY AMOUNT TAX"),
            (60, 200, "TOTAL 83.93 5.04"),
        ]
    )
    assert data["total"] == "88.95"


def test_a_label_with_one_ocr_slip_in_a_long_word_still_matches():
    from sheaf.extract.resolvers.labels import _norm_label, label_sim
    from sheaf.extract.roles import role_of
    from sheaf.extract.schema import compile_schema

    total = role_of(compile_schema(SCHEMA).properties[3], "")
    slip = label_sim(_norm_label("TOTAL ATTER ADJ INCL GST"), total)
    assert slip == label_sim(_norm_label("TOTAL AFTER ADJ INCL GST"), total)
    assert slip > 0.8


def test_rounding_points_at_the_total_that_is_a_multiple_of_5_cents():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT MAJU ENTERPRISE"),
            (60, 100, "TOTAL"),
            (300, 100, "88.97"),
            (60, 114, "ROUNDING ADJ"),
            (300, 114, "-0.02"),
            (60, 128, "TOTAL AFTER ADJ INCL GST"),
            (300, 128, "88.95"),
        ]
    )
    assert data["total"] == "88.95"


def test_a_line_naming_only_a_kind_of_business_is_not_the_name():
    data = _run(
        [
            (60, 40, "THREE STOOGES"),
            (60, 54, "BISTRO & CAFE"),
            (60, 68, "109, SS21/1A,"),
            (60, 82, "DAMANSARA UTAMA"),
            (60, 96, "GST ID : 001661886464"),
            (60, 140, "TOTAL 170.00"),
        ]
    )
    assert data["company"] == "THREE STOOGES"


def test_ocr_angle_brackets_make_a_registration_line_and_initials_keep_their_stop():
    data = _run(
        [
            (60, 40, "SUNFISH"),
            (60, 54, "<484297-M>"),
            (60, 68, "22 LRG PERUSAHAAN 4"),
            (60, 82, "KIMPAL INDS.PARK B . CAVES"),
            (60, 96, "TEL : 03-61855688"),
            (60, 110, "NO 10256"),
            (60, 140, "SUBTOTAL 28.70"),
        ]
    )
    assert data["company"] == "SUNFISH"
    assert data["address"] == "22 LRG PERUSAHAAN 4 KIMPAL INDS.PARK B.CAVES"


def test_till_abbreviations_your_change_and_gross_amount():
    paid = _run(
        [
            (60, 40, "ECOSWAY.COM SDN BHD"),
            (60, 100, "MTD EV AT G091 : 2.10"),
            (60, 114, "AMT PAID INCL. GST : RM78.30"),
            (60, 128, "AMT PAID EXCL. GST : RM73.87"),
            (60, 142, "GST AMT : RM4.43"),
        ]
    )
    assert paid["total"] == "78.30"
    change = _run(
        [
            (60, 40, "OLD ASIA"),
            (60, 100, "TABLE NO. 10 4CT"),
            (60, 114, "GST 6% RM5.45"),
            (60, 128, "SUBTOTAL RM96.20"),
            (60, 142, "CASH RM100.00"),
            (60, 156, "YOUR CHANGE RM3.80"),
        ]
    )
    assert change["total"] == "96.20"
    net = _run(
        [
            (60, 40, "LIAN CHI RESTAURANT SDN BHD"),
            (60, 100, "2 PLAIN RICE 3.18 SR"),
            (60, 114, "GROSS AMT : 47.80"),
            (60, 128, "SVR TAX : 2.87"),
            (60, 142, "NET AMT : 53.55"),
            (60, 156, "SR @ 6% 47.80 2.86"),
        ]
    )
    assert net["total"] == "53.55"


def test_an_hq_line_starts_the_address_and_prices_with_rm_close_it():
    data = _run(
        [
            (60, 40, "NYONYA COLORS @ 1 UTAMA"),
            (60, 54, "LITTLE CRAVINGS SDN BHD (562007-D)"),
            (60, 68, "HQ: 7, JLN SS21/34, 47400 PJ"),
            (60, 82, "TEL-03 77282288 (GST ID 001382293504)"),
            (60, 96, "TAXINVNO. 1 #000001"),
            (60, 110, "KUIH KETAYAP RM2.70 S"),
            (60, 124, "ONDEH ONDEH RM2.95 S"),
            (60, 138, "YELLOW LAKSA RM11.60 S"),
            (60, 152, "TOTAL RM17.25"),
        ]
    )
    assert data["address"] == "HQ: 7, JLN SS21/34, 47400 PJ"


def test_a_registration_number_read_with_a_stop_is_cut_from_the_name():
    data = _run(
        [
            (60, 40, "SRI WANGSA BAKERY 000965911.P"),
            (60, 54, "117, JALAN RADIN BAGUS, SRI PETALING"),
            (60, 68, "TEL:03-9054 3785"),
            (60, 120, "TOTAL 20.40"),
        ]
    )
    assert data["company"] == "SRI WANGSA BAKERY"


def test_a_reprint_date_is_not_the_receipt_date():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT MAJU ENTERPRISE"),
            (60, 54, "12, JALAN BESAR, 45600 SELANGOR"),
            (60, 68, "12/03/2018 10:22"),
            (60, 82, "ITEM 1 5.00"),
            (60, 96, "TOTAL 5.00"),
            (60, 110, "PRINTED ON 13/03/2018 09:00"),
        ]
    )
    assert data["date"] == "12/03/2018"


def test_a_misread_business_word_still_marks_a_name_broken_over_lines():
    data = _run(
        [
            (60, 40, "WESTERN EASTERN"),
            (60, 54, "ST TIONERY SDN. BHD"),  # OCR: a space in place of the A of STATIONERY
            (60, 68, "CO REG NO : 210038-K"),
            (60, 82, "42-46, JLN SULTAN AZLAN SHAH 51200 KUALA LUMPUR"),
            (60, 140, "TOTAL 5.00"),
        ]
    )
    assert data["company"] == "WESTERN EASTERN ST TIONERY SDN. BHD"


def test_a_bookkeeping_stamp_glued_to_the_name_is_cut():
    data = _run(
        [
            (60, 40, "YONG CEN ENTERPRISE POSTED"),
            (60, 54, "9, JALAN SUBANG JASA 3,"),
            (60, 68, "40150 SHAH ALAM, SELANGOR."),
            (60, 140, "TOTAL 5.00"),
        ]
    )
    assert data["company"] == "YONG CEN ENTERPRISE"


def test_an_amount_charged_to_a_card_supports_the_total():
    data = _run(
        [
            (60, 40, "ECOSWAY.COM SDN BHD"),
            (60, 100, "AMT PAID INCL. GST : RM78.30"),
            (60, 114, "GST AMT : RM4.43"),
            (60, 128, "PAID BY : CC'7186:RM78.30"),
            (60, 142, "TOTAL EV : 2.10"),
        ]
    )
    assert data["total"] == "78.30"


def test_an_address_word_misread_by_one_letter_is_read_as_the_word():
    data = _run(
        [
            (60, 40, "ENW HARDWARE CENTRE (M) SDN BHD"),
            (60, 54, "LOT 1851-A, JALAN KPB 6, KAWASAN PERINOUSTRIAN BALAKONG,"),
            (60, 68, "43300 SERI KEMBANGAN, SELANGOR"),
            (60, 82, "TEL : 03-8961 2228"),
            (60, 140, "TOTAL 5.00"),
        ]
    )
    assert data["address"] == (
        "LOT 1851-A, JALAN KPB 6, KAWASAN PERINDUSTRIAN BALAKONG, 43300 SERI KEMBANGAN, SELANGOR"
    )


def test_a_variant_spelling_with_another_first_letter_is_kept():
    data = _run(
        [
            (60, 40, "SYARIKAT PERNIAGAAN GIN KEE"),
            (60, 54, "4243, COMPLEKS PERNIAGAAN SRI GAYA, 40150 SELANGOR"),
            (60, 68, "TEL : 03-8961 2228"),
            (60, 140, "TOTAL 5.00"),
        ]
    )
    assert data["address"] == "4243, COMPLEKS PERNIAGAAN SRI GAYA, 40150 SELANGOR"


def test_a_total_row_holding_two_amounts_is_a_tax_breakdown_not_the_total():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT MAJU ENTERPRISE"),
            (60, 54, "12, JALAN BESAR, 45600 SELANGOR"),
            (60, 82, "ITEM A"),
            (300, 82, "12.50"),
            (60, 96, "TOTAL INCL GST"),
            (300, 96, "12.50"),
            (60, 110, "GST ANALYSIS AMOUNT TAX"),
            (60, 124, "S 6%"),
            (300, 124, "11.79 0.71"),
            (60, 138, "TOTAL"),
            (300, 138, "11.79 0.71"),
        ]
    )
    assert data["total"] == "12.50"



def test_a_level_and_plaza_line_starts_the_address():
    data = _run(
        [
            (60, 40, "7-ELEVEN MALAYSIA SDN BHD"),
            (60, 54, "LEVEL 3A, PLAZA 7-ELEVEN,"),
            (60, 68, "NO 8, JALAN PERDANA,"),
            (60, 82, "50450 KUALA LUMPUR"),
            (60, 140, "TOTAL 12.50"),
        ]
    )
    assert data["address"] == "LEVEL 3A, PLAZA 7-ELEVEN, NO 8, JALAN PERDANA, 50450 KUALA LUMPUR"


def test_malay_street_words_an_address_label_over_two_lines_and_an_ampersand_in_the_kind():
    street = _run(
        [
            (60, 40, "KEDAI ABC SDN BHD"),
            (60, 54, "CHANGKAT BUKIT BINTANG,"),
            (60, 68, "50200 KUALA LUMPUR, W.P."),
            (60, 82, "TEL: 03-1234 5678"),
            (60, 140, "TOTAL 12.50"),
        ]
    )
    assert street["address"] == "CHANGKAT BUKIT BINTANG, 50200 KUALA LUMPUR, W.P."
    labelled = _run(
        [
            (60, 40, "KEDAI ABC SDN BHD"),
            (60, 54, "ADDRESS: NO. 7, JALAN SS 2/72,"),
            (60, 68, "47300 PETALING JAYA"),
            (60, 82, "TEL: 03-1234 5678"),
            (60, 140, "TOTAL 12.50"),
        ]
    )
    assert labelled["address"] == "NO. 7, JALAN SS 2/72, 47300 PETALING JAYA"
    name = _run(
        [
            (60, 40, "SIN LIAN HIN"),
            (60, 54, "HARDWARE & TRADING SDN BHD"),
            (60, 68, "NO 1, JALAN 2, 43000 KAJANG"),
            (60, 140, "TOTAL 12.50"),
        ]
    )
    assert name["company"] == "SIN LIAN HIN HARDWARE & TRADING SDN BHD"


def test_malay_total_cash_and_change_labels():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT MAJU ENTERPRISE"),
            (60, 54, "12, JALAN BESAR, 45600 SELANGOR"),
            (60, 82, "ITEM A"),
            (300, 82, "10.00"),
            (60, 96, "CUKAI"),
            (300, 96, "1.00"),
            (60, 110, "JUMLAH BESAR"),
            (300, 110, "11.00"),
            (60, 124, "TUNAI"),
            (300, 124, "20.00"),
            (60, 138, "BAKI"),
            (300, 138, "9.00"),
        ]
    )
    assert data["total"] == "11.00"


def test_a_total_label_glued_to_its_amount_is_read():
    from sheaf.extract.values import find_amounts

    assert [m.text for m in find_amounts("TOTAL12.50")] == ["12.50"]
    assert find_amounts("A4") == [] and find_amounts("SKU12.50") == []
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT MAJU ENTERPRISE"),
            (60, 82, "ITEM A 10.00"),
            (60, 96, "ITEM B 2.50"),
            (60, 110, "TOTAL12.50"),
            (60, 124, "CASH 20.00"),
        ]
    )
    assert data["total"] == "12.50"


def _receipt_with(date_line):
    return _run(
        [
            (60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"),
            (60, 54, "NO 5, JALAN MERANTI 3,"),
            (60, 68, "43200 CHERAS, SELANGOR"),
            (60, 96, "INV NO: 10023"),
            (60, 110, date_line),
            (60, 150, "TOTAL 12.50"),
        ]
    )


def test_a_date_printed_without_separators_is_read_when_no_other_date_is_printed():
    assert _receipt_with("20180304 13:22")["date"] == "20180304"  # ISO 8601 basic form
    assert _receipt_with("04032018")["date"] == "04032018"  # day first
    assert _receipt_with("DATE:20180304")["date"] == "20180304"  # glued to its label
    assert _receipt_with("DATE20180304")["date"] == "20180304"
    assert _receipt_with("TERMINAL 29999999").get("date") is None  # no such day
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"),
            (60, 54, "DOC NO: 20180301"),
            (60, 68, "DATE: 04/03/2018"),
            (60, 150, "TOTAL 12.50"),
        ]
    )
    assert data["date"] == "04/03/2018"  # a separated date wins over a document number


def test_with_no_total_line_the_subtotal_is_the_total():
    data = _run(
        [
            (60, 40, "SUNFISH RESTAURANT SDN BHD"),
            (60, 54, "22 LRG PERUSAHAAN 4, 68100 BATU CAVES"),
            (60, 96, "TABLE 12"),
            (60, 124, "SALTED F . RICE 8.50"),
            (60, 138, "NASI LEMAK 9.80"),
            (60, 152, "ICE TEA 4.30"),
            (60, 180, "SUBTOTAL 22.60"),
            (60, 194, "RM CASH 50.000"),  # OCR: an extra digit, so cash - change cannot check
            (60, 208, "CHANGE 27.40"),
            (60, 236, "INC 6% GST 1.28"),
        ]
    )
    assert data["total"] == "22.60"
    with_total = _run(
        [
            (60, 40, "SUNFISH RESTAURANT SDN BHD"),
            (60, 124, "NASI LEMAK 9.80"),
            (60, 180, "SUBTOTAL 9.80"),
            (60, 194, "SERVICE CHARGE 0.98"),
            (60, 208, "TOTAL 10.78"),
        ]
    )
    assert with_total["total"] == "10.78"  # a printed total still wins



def test_a_line_of_malay_words_opening_a_business_name_joins_the_name_below():
    def company(*name_lines):
        cells = [(60, 40 + 14 * k, t) for k, t in enumerate(name_lines)]
        y = 40 + 14 * len(name_lines)
        cells += [(60, y, "NO 5, JALAN MERANTI 3,"), (60, y + 14, "43200 CHERAS, SELANGOR")]
        return _run([*cells, (60, y + 60, "TOTAL 12.50")])["company"]

    assert company("SYARIKAT PERNIAGAAN", "GIN KEE") == "SYARIKAT PERNIAGAAN GIN KEE"
    assert company("PASARAYA BORONG", "PINTAR SDN BHD") == "PASARAYA BORONG PINTAR SDN BHD"
    assert company("GOLDEN KEY MAKER", "ENTERPRISE") == "GOLDEN KEY MAKER ENTERPRISE"


def test_a_state_or_federal_territory_line_under_the_postcode_ends_the_address():
    def address(*tail):
        cells = [(60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"), (60, 54, "NO 5, JALAN MERANTI 3")]
        cells += [(60, 68 + 14 * k, t) for k, t in enumerate(tail)]
        cells += [(60, 68 + 14 * len(tail), "TEL: 03-1234 5678"), (60, 200, "TOTAL 12.50")]
        return _run(cells)["address"]

    assert address("50450 KUALA LUMPUR", "WILAYAH PERSEKUTUAN").endswith(
        "50450 KUALA LUMPUR WILAYAH PERSEKUTUAN"
    )
    assert address("20000 KUALA TERENGGANU", "TERENGGANU").endswith("TERENGGANU TERENGGANU")
    assert address("50450 KUALA LUMPUR", "CHOP & STAMP HERE").endswith("50450 KUALA LUMPUR")


def test_a_legal_name_of_only_trade_words_joins_the_distinctive_word_above():
    def company(*name_lines):
        cells = [(60, 40 + 14 * k, t) for k, t in enumerate(name_lines)]
        y = 40 + 14 * len(name_lines)
        cells += [(60, y, "NO 5, JALAN MERANTI 3,"), (60, y + 14, "43200 CHERAS, SELANGOR")]
        return _run([*cells, (60, y + 60, "TOTAL 12.50")])["company"]

    assert company("UNIHAKKA", "INTERNATIONAL SDN BHD") == "UNIHAKKA INTERNATIONAL SDN BHD"
    assert company("ASIA", "ELECTRICAL ENGINEERING SDN BHD") == (
        "ASIA ELECTRICAL ENGINEERING SDN BHD"
    )
    assert company("SEN LEE HENG", "TRADING SDN BHD") == "SEN LEE HENG TRADING SDN BHD"
    assert company("OJC MARKETING SDN BHD") == "OJC MARKETING SDN BHD"


def test_the_total_after_a_discount_is_the_one_paid():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"),
            (60, 110, "MILO 3.50"),
            (60, 124, "BREAD 9.50"),
            (60, 150, "TOTAL 13.00"),
            (60, 164, "DISCOUNT -0.50"),
            (60, 178, "TOTAL PAYABLE 12.50"),
        ]
    )
    assert data["total"] == "12.50"


def test_a_labelled_outlet_line_after_the_postcode_closes_the_address():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"),
            (60, 54, "NO 5, JALAN MERANTI 3,"),
            (60, 68, "43200 CHERAS, SELANGOR"),
            (60, 82, "OUTLET: CHERAS LEISURE MALL"),
            (60, 96, "TEL: 03-5555 1236"),
            (60, 150, "TOTAL 12.50"),
        ]
    )
    assert data["address"] == "NO 5, JALAN MERANTI 3, 43200 CHERAS, SELANGOR"


def test_a_greeting_is_cut_from_the_name_and_a_bracketed_legal_name_is_not_joined_to_the_brand():
    def company(*name_lines):
        cells = [(60, 40 + 14 * k, t) for k, t in enumerate(name_lines)]
        y = 40 + 14 * len(name_lines)
        cells += [(60, y, "NO 5, JALAN MERANTI 3,"), (60, y + 14, "43200 CHERAS, SELANGOR")]
        return _run([*cells, (60, y + 60, "TOTAL 12.50")])["company"]

    assert company("WELCOME TO RESTORAN NASI KANDAR PELITA") == "RESTORAN NASI KANDAR PELITA"
    assert company("PELITA", "(PELITA NASI KANDAR SDN BHD)") == "PELITA NASI KANDAR SDN BHD"


def test_the_subtotal_plus_its_tax_printed_without_a_label_is_the_total():
    data = _run(
        [
            (60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"),
            (60, 110, "MILO 3.50"),
            (60, 124, "BREAD 8.29"),
            (60, 150, "SUBTOTAL 11.79"),
            (60, 164, "GST 6% 0.71"),
            (60, 178, "RM12.50"),
        ]
    )
    assert data["total"] == "12.50"


def test_a_line_of_trade_words_ending_in_a_firm_form_ends_the_name_above():
    def company(*name_lines):
        cells = [(60, 40 + 14 * k, t) for k, t in enumerate(name_lines)]
        y = 40 + 14 * len(name_lines)
        cells += [(60, y, "NO 5, JALAN MERANTI 3,"), (60, y + 14, "43200 CHERAS, SELANGOR")]
        return _run([*cells, (60, y + 60, "TOTAL 12.50")])["company"]

    assert company("SAM SAM", "TRADING CO") == "SAM SAM TRADING CO"
    assert company("HON HWA", "HARDWARE TRADING") == "HON HWA HARDWARE TRADING"
    assert company("THREE STOOGES", "BISTRO & CAFE") == "THREE STOOGES"  # no firm form: apart


def _till(total_line: str, schema_total: dict) -> dict:
    schema = {"type": "object", "properties": {"total": schema_total}}
    cells = [
        (60, 40, "KEDAI RUNCIT AIK HUAT SDN BHD"),
        (60, 110, "MILO 3.50"),
        (60, 124, "BREAD 8.29"),
        (60, 150, total_line),
        (60, 164, "CASH RM20.00"),
        (60, 178, "CHANGE RM8.21"),
    ]
    return extract(doc_from_pages(page_from_cells(cells)), schema).data


def test_a_string_total_keeps_the_currency_sign_glued_to_it_as_printed():
    as_printed = {"type": "string", "description": "Total amount paid, as printed"}
    assert _till("TOTAL RM11.79", as_printed)["total"] == "RM11.79"
    assert _till("TOTAL $11.79", {"type": "string"})["total"] == "$11.79"
    # a sign apart from the number is a token of its own, not part of the amount
    assert _till("TOTAL RM 11.79", as_printed)["total"] == "11.79"
    assert _till("TOTAL 11.79", as_printed)["total"] == "11.79"  # CASH RM20.00 is no evidence
    # the field asks for no sign, or for a number
    for desc in ("Total amount paid, without currency symbol", "Total, number only",
                 "Total paid (no currency sign)"):
        assert _till("TOTAL RM11.79", {"type": "string", "description": desc})["total"] == "11.79"
    assert _till("TOTAL RM11.79", {"type": "number"})["total"] == 11.79


def test_a_text_total_from_any_resolver_loses_its_sign_when_the_field_asks_for_none():
    from sheaf.extract.layout import build_layout
    from sheaf.extract.normalise import normalise
    from sheaf.extract.schema import compile_schema

    def norm(value, desc):
        total = {"type": "string", "description": desc}
        schema = {"type": "object", "properties": {"total": total}}
        layout = build_layout(doc_from_pages(page_from_cells([(60, 40, "TOTAL RM11.79")])))
        return normalise(compile_schema(schema), {"total": value}, layout)["total"]

    assert norm("RM11.79", "Total paid, without currency symbol") == "11.79"
    assert norm("RM 1,234.50", "Total paid, without currency symbol") == "1,234.50"
    assert norm("12,50 €", "Total paid, without currency symbol") == "12,50"
    assert norm("RM11.79", "Total paid, as printed") == "RM11.79"
