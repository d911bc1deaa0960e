"""Academic papers and technical reports with known tables, typeset by pdfLaTeX.

    .venv/bin/python bench/latex_pages.py OUT_DIR [--docs 24] [--seed N]

A fifth generated table set, after ``bench/report_pages.py`` (reportlab), ``bench/gov_pages.py``
(Typst), ``bench/word_pages.py`` (Word / LibreOffice) and ``bench/html_pages.py`` (Chromium):
pages set by pdfLaTeX (TeX Live), the producer of most papers and many technical and
statistical reports. pdfTeX writes no space characters between words (spacing is positional),
sets every tabular cell as its own box, and draws rules as filled rectangles. Writes
``OUT_DIR/pdf/latex_SSSS.pdf`` and ``OUT_DIR/gt/latex_SSSS.json`` in the tables-extra layout
(``tables``: page, rows, spans; ``pages_annotated``: every page), so ``bench/table_bench.py
--latex`` scores it like tables-extra. Seeds 0..N-1 are the tuning part, seeds
1000..1000+N-1 the validation part (``bench/splits/latex.tsv``).

The layouts were designed from how LaTeX documents look, not from Sheaf's parser, and fixed
(and committed) before Sheaf was first run on the set:

Documents (one per seed): an ``article`` paper in one column or ``twocolumn`` (title block with
authors and affiliations side by side by ``\\and``, abstract, numbered sections, references);
a ``report`` with a title page (or not), table of contents (and list of tables), chapters each
starting a page, an appendix in some; an ``article`` technical report (contents on the first
page in some, tables numbered by section in some). 10, 11 or 12 pt, letter or A4,
``geometry`` margins, LaTeX's float placement as is or loosened (``\\topfraction`` ...), so
some tables sit on float pages of their own; running heads (``fancyhdr``) in some reports.
Fonts: Computer Modern (OT1, ASCII text) or its sans, Latin Modern roman or sans (T1,
``lmodern``); Times, Helvetica, Palatino and Charter are not installed here (no
texlive-fonts-recommended), nor cm-super (so no T1 Computer Modern). Domains:
machine-learning, clinical, economics and engineering papers; statistical, clinical and
engineering reports, a few German or French statistical reports (no babel language files
installed: LaTeX's names set by hand).

Tables (a ``\\caption`` "Table 3: ...", "Table 2.1. ...", "Table IV: ...", "Tabelle 3: ...",
"Tableau 3: ...", above the tabular in most, below in some; LaTeX's default caption, touching
a top rule, or the caption package's; optional ``\\footnotesize`` lines under the tabular:
"Source: ...", "Note: ...", "HR, hazard ratio; ...", significance stars, "$^a$ ..." notes to a
superscript letter in a stub cell; none of these is a cell):

* rules: booktabs (``\\toprule`` / ``\\midrule`` / ``\\bottomrule``, ``\\cmidrule(lr)`` under
  group headers, ``\\addlinespace`` between row groups) in most; fully ruled (``|l|r|r|``,
  ``\\hline`` under every row, ``\\cline`` under spans and beside row groups); partly ruled
  (``l|rrr``, a rule under the header); ``\\hline`` only (top, header, total, bottom, some
  doubled); zebra rows (``\\rowcolors`` of xcolor's ``table`` option) with a shaded header
  row. Each document has a main style and sometimes another;
* headers of one or two rows: group headers over their columns (``\\multicolumn``), a stub
  head (or a total column) spanning both header rows (``\\multirow``: here a line of the
  preamble doing what multirow.sty does, as that package is not installed), a measure
  spanning the year columns, group sizes "(n = 120)" as a second row;
* academic results: methods (with citations "ResNet-50 [12]") by datasets / metrics, arrows
  in headers, mean $\\pm$ std, the best bold, the second underlined, "---" for missing, the
  proposed rows after a midrule; row groups with a ``\\multirow`` label over 2-6 rows;
  ablations with check marks; dataset statistics and hyperparameter tables; regression tables
  (``dcolumn`` decimal columns in some, coefficients with stars and standard errors in
  parentheses on the row below, "Observations", R$^2$); descriptive statistics with panels;
* statistical tables: a stub column with sub-rows indented by ``\\quad`` / ``\\hspace``,
  section rows (a label alone, a label with its group's figures, or
  ``\\multicolumn{N}{l}{\\textit{Panel A: ...}}`` across the row), total rows (sums),
  numbers grouped by commas or thin spaces or not at all (or German / French style),
  ``$-$`` / hyphen / en-dash minus signs, percents; clinical baseline and outcome tables
  ("62.3 (8.1)", "45 (37.5)", "0.82 (0.71–0.95)", "<0.001"), adverse events; material
  properties with a unit row, test matrices;
* sizes: small (2-3 columns), wide (8-10 columns in ``\\small`` / ``\\footnotesize`` /
  ``\\scriptsize`` with ``\\tabcolsep`` 3-4 pt, ``table*`` across both columns of a two-column
  paper, or scaled by ``\\resizebox{\\linewidth}{!}`` when too wide), parameter tables
  whose description column wraps (``tabularx`` X or ``p{5cm}``), a ``longtable`` of 45-75
  rows (places, patients, a measurement log) over a page break with its header repeated
  (``\\endhead``, a "(continued)" line, a "Continued on next page" foot) in a few reports, a
  wide table on a ``pdflscape`` landscape page in a few;
* two tables side by side in one float (two minipages with their own captions, or
  ``subtable``s with "(a) ..." captions under one table caption), once in some papers.

Truth: a cell's text as printed (a ``\\multirow`` cell is one cell with its rowspan; math as
its characters: "87.3 ± 0.4", "−3.2", "R²"; a footnote letter as a Unicode superscript,
"Totalᵃ", which NFKC makes "Totala"); spans as ``word_pages.Table.truth`` (a label
merged across the whole row counts as a span only where a vertical rule shows the merge).
pdfLaTeX decides where floats and page breaks go, so each table is placed afterwards from the
PDF text (pypdfium2; NFKC, lower-case alphanumerics): its caption, which must occur exactly
once; then each body row's cell texts, in order, after the caption (a caption below: from the
start of the caption's page, all rows before the caption). A float's rows must all be on its
caption's page; a longtable's rows fall on the pages they are found on, one truth table per
page, each with the repeated header rows. A row that cannot be placed is an error, not a
guess.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from report_pages import write_documents, write_one

VALIDATION_SEED = 1000
ROOT = Path(__file__).resolve().parent.parent

# ----------------------------------------------------------------------------- text helpers
_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
            "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "\\": r"\textbackslash{}"}


def tex(s: str) -> str:
    """``s`` with LaTeX's special characters escaped."""
    return "".join(_SPECIAL.get(ch, ch) for ch in s)


def fill(template: str, *args: object) -> str:
    """``template`` with each ``@`` replaced by the next of ``args`` (LaTeX's braces make
    f-strings and %-formatting hard to read)."""
    parts = template.split("@")
    if len(parts) != len(args) + 1:
        raise ValueError(f"{len(parts) - 1} slots for {len(args)} values in {template!r}")
    return parts[0] + "".join(str(a) + p for a, p in zip(args, parts[1:], strict=True))


def norm(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s).lower() if ch.isalnum())


def roman(n: int) -> str:
    out = ""
    for v, r in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


MINUS = "\u2212"
THIN = "\u2009"


class Num:
    """Number formatting of one table: minus sign, digit grouping, language."""

    def __init__(self, rng: random.Random, lang: str = "en"):
        self.lang = lang
        self.minus = rng.choice(["math", "math", "math", "hyphen", "dash"])
        self.group = "de" if lang == "de" else "fr" if lang == "fr" else rng.choice(
            ["comma", "comma", "comma", "thin", "none"])

    def __call__(self, v: float, dec: int = 1, group: bool = True) -> tuple[str, str]:
        """(truth text, LaTeX source) of ``v``."""
        if round(v, dec) == 0:
            v = 0.0
        s = f"{abs(v):,.{dec}f}"
        if not group or self.group == "none":
            s = s.replace(",", "")
        if self.group == "de":
            s = s.replace(",", "_").replace(".", ",").replace("_", ".")
        elif self.group == "fr":
            s = s.replace(",", THIN).replace(".", ",")
        elif self.group == "thin":
            s = s.replace(",", THIN)
        src = s.replace(THIN, r"\,")
        if v < 0:
            sign_t, sign_s = {"math": (MINUS, "$-$"), "plain": (MINUS, "-"), "hyphen": ("-", "-"),
                              "dash": ("\u2013", "--")}[self.minus]
            return sign_t + s, sign_s + src
        return s, src


# ----------------------------------------------------------------------------- vocabulary
FIRST = ["Anna", "Wei", "Lukas", "Maria", "James", "Priya", "Omar", "Sofia", "Daniel",
         "Yuki", "Elena", "Thomas", "Chen", "Laura", "Ahmed", "Julia", "Marco", "Sarah",
         "Kenji", "Ines", "Pavel", "Hannah", "Diego", "Mei"]
LAST = ["Schmidt", "Zhang", "Novak", "Garcia", "Miller", "Sharma", "Haddad", "Rossi",
        "Johnson", "Tanaka", "Petrova", "Becker", "Liu", "Martin", "Khan", "Weber", "Bianchi",
        "Clarke", "Sato", "Moreau", "Kowalski", "Fischer", "Lopez", "Wang"]
AFFIL = ["Department of Computer Science, University of Edinburgh",
         "Institute for Data Science, ETH Zurich", "School of Engineering, Stanford University",
         "Department of Economics, University of Chicago",
         "Faculty of Medicine, University of Toronto", "Max Planck Institute for Informatics",
         "Department of Mechanical Engineering, TU Delft", "Inria Paris",
         "Department of Statistics, University of Oxford", "National Institute of Health Research",
         "Department of Physics, University of Milan", "Google Research"]

DOMAIN_WORDS = {
    "ml": {
        "subj": ["Our method", "The proposed approach", "This model", "The baseline",
                 "The encoder", "Each layer", "The training objective", "Data augmentation",
                 "The attention module", "Self-supervised pretraining", "The student network"],
        "verb": ["improves", "reduces", "matches", "outperforms", "relies on",
                 "generalises to", "is robust to", "scales with", "requires",
                 "does not depend on"],
        "obj": ["the accuracy of the classifier", "the number of parameters",
                "strong supervised baselines", "the size of the training set", "label noise",
                "the computational cost", "long input sequences", "distribution shift",
                "the choice of hyperparameters", "the memory footprint"],
        "tail": ["on all benchmarks", "in most settings", "by a large margin",
                 "without additional data", "as reported in prior work",
                 "at a fraction of the cost", "under the same training budget",
                 "when the learning rate is tuned", "across random seeds",
                 "in the low-data regime"],
    },
    "clinical": {
        "subj": ["The intervention", "Treatment with the study drug", "The primary outcome",
                 "Mortality at 90 days", "Adherence to treatment", "The incidence of adverse "
                 "events", "The hazard ratio", "The length of hospital stay"],
        "verb": ["was similar to", "was associated with", "differed from", "was lower than",
                 "did not differ from", "was consistent with"],
        "obj": ["that in the control group", "the prespecified threshold", "previous trials",
                "the per-protocol analysis", "the expected rate",
                "the subgroup of older patients"],
        "tail": ["after adjustment for covariates", "at 12 months of follow-up",
                 "in the intention-to-treat population", "in sensitivity analyses",
                 "across all participating centres", "in patients with diabetes"],
    },
    "econ": {
        "subj": ["The treatment effect", "The coefficient on schooling", "Employment",
                 "Average wages", "The point estimate", "Our identification strategy",
                 "Firm entry", "Household consumption"],
        "verb": ["increases with", "is robust to", "declines with",
                 "is positively correlated with", "is not driven by", "is comparable to"],
        "obj": ["the inclusion of controls", "regional shocks", "the minimum wage",
                "pre-existing trends", "the baseline specification", "firm size",
                "trade exposure"],
        "tail": ["in all specifications", "at the 5 percent level", "after 2010",
                 "in the sample of urban districts", "conditional on fixed effects",
                 "in the long run"],
    },
    "eng": {
        "subj": ["The specimen", "The measured stiffness", "The finite element model",
                 "Heat transfer", "The prototype", "The control loop", "Fatigue life",
                 "The sensor array"],
        "verb": ["agrees with", "deviates from", "depends on", "is limited by", "exceeds",
                 "was calibrated against"],
        "obj": ["the analytical solution", "the design load", "the operating temperature",
                "the experimental data", "the manufacturer's specification",
                "the mesh density", "the inlet velocity"],
        "tail": ["within 5 percent", "for all test cases", "at high strain rates",
                 "under cyclic loading", "after one million cycles", "in steady state",
                 "at room temperature"],
    },
    "stats": {
        "subj": ["The number of households", "Total expenditure", "The unemployment rate",
                 "Average earnings", "The population aged 65 and over", "Net migration",
                 "The response rate", "Output in manufacturing"],
        "verb": ["increased", "declined", "remained stable", "rose sharply",
                 "fell slightly", "was broadly unchanged"],
        "obj": [""],
        "tail": ["compared with the previous year", "in most regions",
                 "for the third consecutive year", "after seasonal adjustment",
                 "in the second quarter", "relative to the 2015 baseline"],
    },
}
DE_WORDS = {"subj": ["Die Zahl der Beschäftigten", "Der Umsatz", "Die Arbeitslosenquote",
                     "Die Zahl der Anträge", "Das Haushaltsvolumen", "Der Anteil der Frauen",
                     "Die Bevölkerung", "Der Energieverbrauch"],
            "verb": ["stieg", "sank", "blieb nahezu unverändert", "erhöhte sich deutlich",
                     "verringerte sich leicht"],
            "obj": [""],
            "tail": ["gegenüber dem Vorjahr", "in den meisten Ländern",
                     "im dritten Jahr in Folge", "preisbereinigt", "im zweiten Halbjahr"]}
FR_WORDS = {"subj": ["Le nombre de demandeurs", "Le chiffre d'affaires", "Le taux de chômage",
                     "La part des femmes", "Le montant des aides", "L'emploi salarié",
                     "La population", "La consommation d'énergie"],
            "verb": ["a augmenté", "a diminué", "est resté stable", "a nettement progressé",
                     "a légèrement reculé"],
            "obj": [""],
            "tail": ["par rapport à l'année précédente", "dans la plupart des régions",
                     "pour la troisième année consécutive", "en euros constants",
                     "au second semestre"]}

NAMES = {  # what LaTeX's fixed names become in German and French (set by hand)
    "de": {"table": "Tabelle", "figure": "Abbildung", "contents": "Inhaltsverzeichnis",
           "lot": "Tabellenverzeichnis", "abstract": "Zusammenfassung", "chapter": "Kapitel",
           "bib": "Literatur", "appendix": "Anhang", "note": "Anmerkung: ",
           "source": "Quelle: ", "total": "Insgesamt", "panel": "Teil"},
    "fr": {"table": "Tableau", "figure": "Figure", "contents": "Table des matières",
           "lot": "Liste des tableaux", "abstract": "Résumé", "chapter": "Chapitre",
           "bib": "Bibliographie", "appendix": "Annexe", "note": "Note : ",
           "source": "Source : ", "total": "Ensemble", "panel": "Partie"},
    "en": {"table": "Table", "figure": "Figure", "contents": "Contents",
           "lot": "List of Tables", "abstract": "Abstract", "chapter": "Chapter",
           "bib": "Bibliography", "appendix": "Appendix", "note": "Note: ",
           "source": "Source: ", "total": "Total", "panel": "Panel"},
}

STUBS = {
    "en": {
        "Region": [("Northeast", ["New England", "Middle Atlantic"]),
                   ("Midwest", ["East North Central", "West North Central"]),
                   ("South", ["South Atlantic", "East South Central", "West South Central"]),
                   ("West", ["Mountain", "Pacific"])],
        "Industry": [("Goods-producing", ["Mining and logging", "Construction",
                                          "Manufacturing"]),
                     ("Service-providing", ["Wholesale trade", "Retail trade",
                                            "Transportation", "Information",
                                            "Financial activities"]),
                     ("Government", ["Federal", "State", "Local"])],
        "Age group": [("Persons", ["Under 15 years", "15 to 24 years", "25 to 44 years",
                                   "45 to 64 years", "65 years and over"]),
                      ("Households", ["One person", "Two persons", "Three or more"])],
        "Energy source": [("Fossil fuels", ["Coal", "Natural gas", "Petroleum"]),
                          ("Renewables", ["Hydropower", "Wind", "Solar", "Biomass"]),
                          ("Other", ["Nuclear", "Net imports"])],
    },
    "de": {
        "Land": [("Früheres Bundesgebiet", ["Baden-Württemberg", "Bayern", "Bremen",
                                            "Hamburg", "Hessen", "Niedersachsen"]),
                 ("Neue Länder", ["Brandenburg", "Sachsen", "Sachsen-Anhalt", "Thüringen"])],
        "Wirtschaftszweig": [("Produzierendes Gewerbe", ["Bergbau", "Verarbeitendes Gewerbe",
                                                         "Energieversorgung", "Baugewerbe"]),
                             ("Dienstleistungen", ["Handel", "Verkehr und Lagerei",
                                                   "Gastgewerbe"])],
        "Altersgruppe": [("Personen", ["unter 18 Jahre", "18 bis unter 25 Jahre",
                                       "25 bis unter 65 Jahre", "65 Jahre und älter"]),
                         ("Geschlecht", ["männlich", "weiblich"])],
    },
    "fr": {
        "Région": [("France métropolitaine", ["Auvergne-Rhône-Alpes", "Bretagne",
                                              "Grand Est", "Hauts-de-France",
                                              "Île-de-France", "Normandie"]),
                   ("Outre-mer", ["Guadeloupe", "Martinique", "La Réunion"])],
        "Secteur": [("Industrie", ["Industrie manufacturière", "Énergie", "Construction"]),
                    ("Services", ["Commerce", "Transports", "Hébergement et restauration"])],
        "Âge": [("Personnes", ["Moins de 25 ans", "25 à 49 ans", "50 à 64 ans",
                               "65 ans ou plus"]),
                ("Sexe", ["Hommes", "Femmes"])],
    },
}
MEASURES = {
    "en": ["Number", "Percent", "Change (%)", "Amount (USD thousands)", "Rate per 1,000",
           "Employees", "Households", "Median income (USD)", "Share of total (%)",
           "Consumption (PJ)", "Output (index)"],
    "de": ["Anzahl", "Anteil in %", "Veränderung in %", "1.000 EUR", "Beschäftigte",
           "Betriebe", "Umsatz (Mill. EUR)", "je 1.000 Einwohner"],
    "fr": ["Effectif", "Part (%)", "Évolution (%)", "Montant (k€)", "Salariés",
           "Établissements", "Dépenses (M€)"],
}
SUBHEADS = {  # the columns under each of two spanning headers
    "en": [["Number", "Percent"], ["Men", "Women"], ["Men", "Women", "Total"],
           ["Number", "Change (%)"], ["Urban", "Rural"], ["Q1", "Q2", "Q3", "Q4"]],
    "de": [["Anzahl", "Anteil in %"], ["Männer", "Frauen"], ["Männer", "Frauen", "Zusammen"]],
    "fr": [["Effectif", "Part (%)"], ["Hommes", "Femmes"], ["Hommes", "Femmes", "Ensemble"]],
}
GROUPHEADS = {"en": ["Employed", "Unemployed"], "de": ["Erwerbstätige", "Erwerbslose"],
              "fr": ["Actifs occupés", "Chômeurs"]}
SOURCES = {"en": ["National Statistical Office, annual survey.", "Administrative records, {y}.",
                  "Own calculations based on census data.",
                  "Labour force survey, weighted estimates."],
           "de": ["Statistisches Landesamt, Mikrozensus {y}.", "Eigene Berechnungen.",
                  "Verwaltungsdaten, Stand 31.12.{y}."],
           "fr": ["Insee, recensement de la population {y}.", "Calculs des auteurs.",
                  "Données administratives, {y}."]}
CAPTIONS = {
    "en": ["{m} by {s}, {y}", "{m} by {s} and year", "{s}: {m}, {y0} to {y}",
           "Summary of {m} by {s}", "{m} by {s} (annual averages, {y})"],
    "de": ["{m} nach {s} {y}", "{s}: {m} {y0} bis {y}", "{m} nach {s} im Jahr {y}"],
    "fr": ["{m} par {s} en {y}", "{s} : {m} de {y0} à {y}", "{m} selon {s}, {y}"],
}

CV_DATA = ["CIFAR-10", "CIFAR-100", "ImageNet", "SVHN", "STL-10", "Tiny-ImageNet", "CUB-200",
           "Flowers-102", "Food-101", "Places365"]
NLP_DATA = ["SST-2", "MNLI", "QNLI", "RTE", "CoLA", "SQuAD", "AG News", "IMDb", "XSum",
            "WikiText-103"]
METHODS = ["ResNet-50", "ResNet-101", "ViT-B/16", "DeiT-S", "Swin-T", "ConvNeXt-T",
           "EfficientNet-B3", "MobileNetV2", "DenseNet-121", "BERT-base", "RoBERTa-large",
           "XLNet", "DeBERTa-v3", "T5-base", "GPT-2", "BiLSTM", "Transformer", "MixUp",
           "CutMix", "AutoAugment", "SimCLR", "MoCo v2", "BYOL", "DINO", "Label smoothing",
           "Focal loss", "Co-teaching", "DivideMix"]
OURS = ["Ours", "Ours (full)", "Ours w/o aug.", "Ours + TTA", "Ours (small)", "Ours (large)"]
METRICS = [("Acc.", True), ("Top-1", True), ("Top-5", True), ("F1", True), ("mIoU", True),
           ("AP", True), ("AUC", True), ("BLEU", True), ("ECE", False), ("Error", False),
           ("NLL", False), ("Recall@1", True)]
BACKBONES = ["ResNet-18", "ResNet-50", "ViT-S", "ViT-B", "BERT-base", "BERT-large"]
COMPONENTS = ["Contrastive loss", "Memory bank", "Augmentation", "Warm-up", "Pseudo-labels",
              "Adapter", "Distillation", "EMA teacher"]
HYPER = [("Learning rate", ["0.001", "3e-4", "0.1", "5e-5"]),
         ("Batch size", ["64", "128", "256", "512"]),
         ("Epochs", ["90", "100", "200", "300"]), ("Weight decay", ["1e-4", "5e-4", "0.05"]),
         ("Optimizer", ["SGD", "AdamW", "Adam", "LAMB"]), ("Warm-up epochs", ["5", "10", "20"]),
         ("Dropout", ["0.1", "0.2", "0.3"]), ("Label smoothing", ["0.1", "0.0"]),
         ("Temperature", ["0.07", "0.1", "0.5"]), ("Momentum", ["0.9", "0.99", "0.996"]),
         ("Scheduler", ["cosine", "step", "linear"]), ("GPUs", ["4", "8", "16"])]
PARAM_DESC = ["controls the trade-off between the two loss terms and is kept fixed in all "
              "experiments", "number of samples per update, split evenly across devices",
              "initial value, decayed with a cosine schedule to zero",
              "applied to all weights except biases and normalisation layers",
              "maximum length of the input sequence after tokenisation",
              "size of the queue of negative examples", "number of warm-up iterations with "
              "a linearly increasing rate", "coefficient of the exponential moving average "
              "of the teacher weights", "sampled uniformly at random for each image",
              "threshold on the confidence of a pseudo-label"]
ENG_PARAMS = [("Time step", r"$\tau$", "\u03c4", "0.01", "s"),
              ("Density", r"$\rho$", "\u03c1", "7850", "kg/m$^3$"),
              ("Young's modulus", "$E$", "E", "210", "GPa"),
              ("Poisson's ratio", r"$\nu$", "\u03bd", "0.30", "--"),
              ("Inlet velocity", "$u_0$", "u0", "2.5", "m/s"),
              ("Viscosity", r"$\mu$", "\u03bc", "1.8e-5", "Pa s"),
              ("Mesh size", "$h$", "h", "0.5", "mm"),
              ("Thermal conductivity", r"$k$", "k", "45", "W/(m K)"),
              ("Heat capacity", "$c_p$", "cp", "460", "J/(kg K)"),
              ("Ambient temperature", r"$T_\infty$", "T\u221e", "293", "K")]
ENG_DESC = ["kept constant in all simulations", "taken from the manufacturer's data sheet",
            "measured at room temperature before the tests", "chosen after a mesh convergence "
            "study", "applied uniformly on the inlet boundary", "estimated from the calibration "
            "runs", "nominal value; the measured value differs by less than 2 percent",
            "identical for all specimens", "reduced by half in the refined model",
            "from the literature for the same alloy"]
MATERIALS = ["Al 6061-T6", "Steel S355", "Ti-6Al-4V", "CFRP", "PEEK", "Cu (OFHC)",
             "Inconel 718", "AISI 316L", "Mg AZ31", "GFRP"]
PROPS = [("Density", "(g/cm$^3$)", "(g/cm\u00b3)", 1, 10, 2), ("E", "(GPa)", "(GPa)", 40, 220, 0),
         ("Yield strength", "(MPa)", "(MPa)", 80, 1100, 0),
         ("UTS", "(MPa)", "(MPa)", 150, 1400, 0), ("Elongation", r"(\%)", "(%)", 1, 45, 1),
         ("Hardness", "(HV)", "(HV)", 40, 400, 0),
         ("Conductivity", "(W/m K)", "(W/m K)", 0.2, 400, 1)]
CLIN_CONT = [("Age, years", 40, 75), ("BMI, kg/m$^2$", 22, 34), ("Systolic BP, mmHg", 115, 155),
             ("HbA1c, \\%", 5.5, 9.5), ("eGFR, mL/min", 45, 95),
             ("LDL cholesterol, mmol/L", 2, 4.5)]
CLIN_CAT = [("Sex", ["Male", "Female"]), ("Smoking status", ["Never", "Former", "Current"]),
            ("Comorbidities", ["Hypertension", "Diabetes", "Chronic kidney disease",
                               "Heart failure"]),
            ("NYHA class", ["I", "II", "III or IV"]), ("Ethnicity", ["White", "Black", "Asian",
                                                                   "Other"])]
ARMS = [("Intervention", "Control"), ("Drug A", "Placebo"), ("Early surgery", "Conservative"),
        ("High dose", "Low dose"), ("Exercise", "Usual care")]
OUTCOMES = ["All-cause mortality", "Hospitalisation", "Myocardial infarction", "Stroke",
            "Major bleeding", "Composite endpoint", "Readmission at 30 days",
            "Acute kidney injury"]
EVENTS = ["Headache", "Nausea", "Dizziness", "Fatigue", "Hypotension", "Diarrhoea",
          "Rash", "Infection", "Hyperkalaemia", "Anaemia", "Back pain", "Insomnia"]
REGRESSORS = ["Treatment", "Post", "Treatment $\\times$ Post", "Female", "Age", "Age$^2$",
              "Education (years)", "Log income", "Urban", "Married", "Firm size"]
DEPVARS = ["Log wage", "Employment", "Test score", "Log exports", "Turnout", "Hours worked"]
VARIABLES = ["Hourly wage", "Age", "Years of schooling", "Female", "Married", "Urban",
             "Household size", "Log income", "Hours per week", "Tenure (years)", "Union member"]


def small_measure(m: str) -> bool:
    """Whether a column of measure ``m`` holds small numbers (percents, rates, indexes) rather
    than counts."""
    return any(w in m for w in ("%", "Percent", "Rate", "index", "je 1.000", "Part", "Anteil"))


def _math_text(src: str) -> str:
    """The printed text of a short LaTeX snippet of this module (its math and escapes)."""
    rep = [(r"$\times$", "\u00d7"), ("$^2$", "\u00b2"), ("$^3$", "\u00b3"), (r"\%", "%"),
           (r"\,", THIN), ("$", ""), ("--", "\u2013")]
    for a, b in rep:
        src = src.replace(a, b)
    return src


# ----------------------------------------------------------------------------- tables
class Cell:
    __slots__ = ("text", "src", "rs", "cs", "al")

    def __init__(self, text: str, src: str | None = None, rs: int = 1, cs: int = 1,
                 al: str | None = None):
        self.text, self.src = text, tex(text) if src is None else src
        self.rs, self.cs, self.al = rs, cs, al


def C(text: str, src: str | None = None, **kw) -> Cell:
    return Cell(text, src, **kw)


def M(src: str, **kw) -> Cell:
    """A cell written in this module's LaTeX (math, escapes), its text derived."""
    return Cell(_math_text(src), src, **kw)


class Table:
    """Header rows and body rows as lists of (column, cell); a cell covers rs x cs."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.head: list[list[tuple[int, Cell]]] = []
        self.body: list[list[tuple[int, Cell]]] = []
        self.kinds: list[str] = []  # per body row: data, section, sub, total, se
        self.align: list[str] = ["l"] + ["r"] * (ncols - 1)
        self.title = ""  # the caption's text (LaTeX source)
        self.caption = ""  # the caption as printed: "Table 3: ..."
        self.cap_below = False
        self.long = False
        self.ruled_v = False
        self.notes: list[str] = []  # LaTeX lines under the tabular
        self.dcol = False  # decimal columns (dcolumn) for the numeric columns

    def add(self, cells: list[tuple[int, Cell]], kind: str = "data") -> None:
        self.body.append(cells)
        self.kinds.append(kind)

    def truth(self, body_idx: list[int]) -> dict:
        rows_all = self.head + [self.body[i] for i in body_idx]
        grid = [[""] * self.ncols for _ in rows_all]
        spans = []
        for r, row in enumerate(rows_all):
            for c, cell in row:
                grid[r][c] = cell.text
                if cell.cs == self.ncols and not self.ruled_v:
                    continue  # a label merged across a row no rule shows: a label cell
                if cell.rs > 1 or cell.cs > 1:
                    spans.append([r, c, cell.rs, cell.cs])
        return {"rows": grid, "spans": spans}


def _row_sig(row: list[tuple[int, Cell]]) -> str:
    return norm("".join(c.text for _, c in row))


class Style:
    """How a tabular is ruled: column bars and the rules between rows."""

    def __init__(self, name: str, ncols: int, rng: random.Random):
        self.name = name
        self.bars = [False] * (ncols + 1)
        if name == "full":
            self.bars = [True] * (ncols + 1)
        elif name == "partial":
            self.bars[1] = True
            if rng.random() < 0.3:
                self.bars[0] = self.bars[-1] = True
        self.double = name == "hlines" and rng.random() < 0.4


def _spec(aligns: list[str], bars: list[bool]) -> str:
    out = "|" if bars[0] else ""
    for i, a in enumerate(aligns):
        out += a + ("|" if bars[i + 1] else "")
    return out


def _covered(rows: list[list[tuple[int, Cell]]]) -> list[set[int]]:
    """Per row, the columns a cell of a row above covers (a rowspan)."""
    cov: list[set[int]] = [set() for _ in rows]
    for r, row in enumerate(rows):
        for c, cell in row:
            for dr in range(1, cell.rs):
                if r + dr < len(rows):
                    cov[r + dr] |= set(range(c, c + cell.cs))
    return cov


def _runs(cols: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive column numbers as (first, last)."""
    out: list[tuple[int, int]] = []
    for c in sorted(cols):
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def tabular_rows(t: Table, st: Style, rng: random.Random, zebra: str | None = None,
                 head_fill: str | None = None) -> list[str]:
    """The rows of ``t`` in LaTeX, with the rules of ``st`` between them (no top / bottom
    rule: the caller adds those, a longtable repeats the header)."""
    rows = t.head + t.body
    nh = len(t.head)
    cov = _covered(rows)
    lines: list[str] = []
    group_gap = st.name in ("booktabs",) and rng.random() < 0.6
    for r, row in enumerate(rows):
        by = dict(row)
        parts, c = [], 0
        while c < t.ncols:
            cell = by.get(c)
            if cell is None:
                parts.append("")
                c += 1
                continue
            s = cell.src
            if cell.rs > 1:
                s = fill(r"\multirow{@}{*}{@}", cell.rs, s)
            dnum = t.dcol and c > 0 and t.align[c].startswith("D") and r >= nh
            if cell.cs > 1 or cell.al or (t.dcol and c > 0 and t.align[c].startswith("D")
                                          and not dnum):
                al = cell.al or "c"
                spec = ("|" if c == 0 and st.bars[0] else "") + al + (
                    "|" if st.bars[c + cell.cs] else "")
                s = fill(r"\multicolumn{@}{@}{@}", cell.cs, spec, s)
            parts.append(s)
            c += cell.cs
        pre = ""
        if r < nh and head_fill:
            pre = fill(r"\rowcolor{@}", head_fill)
        line = pre + " & ".join(parts) + r" \\"
        lines.append(line)
        last = r == len(rows) - 1
        if last:
            break
        nxt_cov = cov[r + 1]
        if r == nh - 1:  # under the header
            if st.name == "booktabs":
                lines.append(r"\midrule")
            elif st.name == "hlines" and st.double:
                lines.append(r"\hline\hline")
            else:
                lines.append(r"\hline")
            continue
        if r < nh - 1:  # between header rows: rules under the group headers
            if st.name == "booktabs":
                for c, cell in row:
                    if cell.cs > 1:
                        trim = "(lr)" if rng.random() < 0.8 else ""
                        lines.append(fill(r"\cmidrule@{@-@}", trim, c + 1, c + cell.cs))
            elif st.name in ("full", "partial", "hlines"):
                cols = [c for c in range(t.ncols) if c not in nxt_cov]
                if st.name != "full":
                    cols = [c for c0, cell in row if cell.cs > 1
                            for c in range(c0, c0 + cell.cs)]
                lines.extend(fill(r"\cline{@-@}", a + 1, b + 1) for a, b in _runs(cols))
            continue
        kind_next = t.kinds[r + 1 - nh]
        if st.name == "full":
            cols = [c for c in range(t.ncols) if c not in nxt_cov]
            if len(cols) == t.ncols:
                lines.append(r"\hline")
            else:
                lines.extend(fill(r"\cline{@-@}", a + 1, b + 1) for a, b in _runs(cols))
        elif kind_next == "total" and not nxt_cov:
            lines.append(r"\midrule" if st.name == "booktabs" else r"\hline")
        elif kind_next == "section" and r >= nh and group_gap and not nxt_cov:
            lines.append(r"\addlinespace")
        elif kind_next == "group" and not nxt_cov:
            lines.append(r"\midrule" if st.name == "booktabs" else r"\hline")
        elif kind_next == "group":  # inside a row group: a rule beside the group's label
            cols = [c for c in range(t.ncols) if c not in nxt_cov]
            cmd = r"\cmidrule(l){%d-%d}" if st.name == "booktabs" else r"\cline{%d-%d}"
            lines.extend(cmd % (a + 1, b + 1) for a, b in _runs(cols))
    return lines


# ----------------------------------------------------------------------------- documents
class Doc:
    def __init__(self, seed: int):
        self.seed = seed
        self.rng = rng = random.Random(seed * 7907 + 29)
        self.kind = rng.choice(["paper", "paper", "paper2", "paper2", "paper2", "report",
                                "techreport", "techreport"])
        if self.kind in ("paper", "paper2"):
            self.domain = rng.choice(["ml", "ml", "ml", "clinical", "econ", "eng"])
        else:
            self.domain = rng.choice(["stats", "stats", "eng", "clinical"])
        self.font = rng.choice(["cm", "cm", "cm", "lm", "lm", "lm", "lmss", "cmss"])
        self.lang = "en"
        if self.kind in ("report", "techreport") and self.font in ("lm", "lmss") and \
                rng.random() < 0.4:  # a German or French statistical report
            self.lang = rng.choice(["de", "fr", "fr"])
            self.domain = "stats"
        self.ascii = self.font in ("cm", "cmss")
        self.words = {"de": DE_WORDS, "fr": FR_WORDS}.get(self.lang) or DOMAIN_WORDS[self.domain]
        self.names = NAMES[self.lang]
        self.twocol = self.kind == "paper2"
        self.size = rng.choice([10, 10, 11, 12]) if not self.twocol else rng.choice([10, 10, 11])
        self.paper = rng.choice(["letterpaper", "a4paper"])
        if self.twocol:
            self.margin = rng.choice(["0.75in", "0.7in", "1.8cm", "2cm"])
            self.colsep = rng.choice(["0.25in", "0.3in", "8mm"])
        else:
            self.margin = rng.choice(["1in", "1in", "2.5cm", "3cm", "1.25in", "2cm"])
            self.colsep = ""
        pts = {"in": 72.27, "cm": 28.45, "mm": 2.845}
        def pt(d: str) -> float:
            return float(d[:-2]) * pts[d[-2:]]
        self.textwidth = (614.0 if self.paper == "letterpaper" else 597.5) - 2 * pt(self.margin)
        self.colwidth = (self.textwidth - pt(self.colsep)) / 2 if self.twocol else \
            self.textwidth
        self.year = rng.randint(2014, 2024)
        self.tables: list[Table] = []
        self.ntab = 0  # tables numbered so far in the current chapter / section / document
        self.prefix = ""  # "2." in a report's chapter 2, a section's number when numbered so
        self.chapter = 0
        self.section = 0
        self.by_section = self.kind == "techreport" and rng.random() < 0.4
        self.roman = self.twocol and rng.random() < 0.3
        self.style = rng.choice(["booktabs"] * 5 + ["full", "hlines", "partial"]
                                if self.domain in ("ml", "econ") else
                                ["booktabs"] * 3 + ["full", "full", "hlines", "partial", "zebra"])
        self.paired = False  # two tables side by side once at most
        self.landscape = False  # while a landscape page is set
        self.cap_style = rng.choice(["plain", "bf", "period", "skip", "skip", "top"])
        self.cap_below_p = rng.choice([0.0, 0.15, 0.3, 0.5])
        self.nbib = rng.randint(8, 18)
        self.captions: set[str] = set()
        self.packages: set[str] = set()
        self.body: list[str] = []
        self.nfig = 0
        self.fn = 0

    # text -------------------------------------------------------------------
    def sentence(self, cite: bool = True) -> str:
        rng, w = self.rng, self.words
        s = f"{rng.choice(w['subj'])} {rng.choice(w['verb'])}"
        obj = rng.choice(w["obj"])
        if obj:
            s += " " + obj
        if rng.random() < 0.7:
            s += " " + rng.choice(w["tail"])
        s = tex(s)
        if cite and self.kind.startswith("paper") and rng.random() < 0.25:
            keys = ",".join(f"b{k}" for k in sorted(rng.sample(range(1, self.nbib + 1),
                                                                rng.choice([1, 1, 2]))))
            s += fill(r"~\cite{@}", keys)
        if rng.random() < 0.05 and self.fn < 3:
            self.fn += 1
            fn, self.fn = self.fn, 99  # no footnote in the footnote
            s += fill(r"\footnote{@}", self.sentence(cite=False))
            self.fn = fn
        return s + "."

    def para(self, n: int | None = None, refs: list[str] | None = None) -> None:
        rng = self.rng
        sents = [self.sentence() for _ in range(n or rng.randint(3, 7))]
        if refs:
            lab = rng.choice(refs)
            word = {"en": "Table", "de": "Tabelle", "fr": "le tableau"}[self.lang]
            at = rng.randint(0, len(sents))
            sents.insert(at, rng.choice(
                [f"{word}~\\ref{{{lab}}} " + {"en": "summarises the results.",
                                              "de": "fasst die Ergebnisse zusammen.",
                                              "fr": "résume les résultats."}[self.lang],
                 {"en": f"The figures are reported in {word}~\\ref{{{lab}}}.",
                  "de": f"Die Werte enthält {word}~\\ref{{{lab}}}.",
                  "fr": f"Les valeurs figurent dans {word}~\\ref{{{lab}}}."}[self.lang]]))
            sents[at] = sents[at][0].upper() + sents[at][1:]
        self.body.append(" ".join(sents) + "\n")

    def items(self) -> None:
        rng = self.rng
        env = rng.choice(["itemize", "itemize", "enumerate"])
        lines = [fill(r"\begin{@}", env)]
        for _ in range(rng.randint(2, 5)):
            lines.append(r"\item " + self.sentence(cite=False))
        lines.append(fill(r"\end{@}", env))
        self.body.append("\n".join(lines) + "\n")

    def heading(self, text: str, level: int = 1) -> None:
        if level == 0:
            self.chapter += 1
            self.section = 0
            self.ntab = 0
            self.prefix = f"{self.chapter}."
            self.body.append(fill(r"\chapter{@}", tex(text)) + "\n")
            return
        cmd = "section" if level == 1 else "subsection"
        if level == 1:
            self.section += 1
            if self.by_section:
                self.ntab = 0
                self.prefix = f"{self.section}."
        self.body.append(fill("\\@{@}\n", cmd, tex(text)))

    def equations(self) -> None:
        rng = self.rng
        blocks = [
            r"""\begin{equation}
  \mathcal{L}(\theta) = \frac{1}{N}\sum_{i=1}^{N} \ell\bigl(f_\theta(x_i), y_i\bigr)
  + \lambda \lVert \theta \rVert_2^2 ,
\end{equation}""",
            r"""\begin{align}
  \hat{y}_i &= \operatorname{softmax}(W h_i + b), & h_i &= \sigma(U x_i + c), \\
  \theta_{t+1} &= \theta_t - \eta \nabla_\theta \mathcal{L}, & \eta &= \eta_0 \cos(\pi t / 2T).
\end{align}""",
            r"""\begin{align}
  y_{it} &= \alpha_i + \gamma_t + \beta D_{it} + X_{it}'\delta + \varepsilon_{it}, \\
  \mathrm{Var}(\hat\beta) &= (X'X)^{-1} X'\hat\Omega X (X'X)^{-1}.
\end{align}""",
            r"""\begin{equation}
  \sigma = E\varepsilon, \qquad \varepsilon = \frac{\Delta L}{L_0}, \qquad
  q = -k \nabla T .
\end{equation}""",
            r"""\begin{align}
  \rho c_p \frac{\partial T}{\partial t} &= \nabla\cdot(k \nabla T) + Q, &
  T(x,0) &= T_0, \\
  -k \frac{\partial T}{\partial n} &= h (T - T_\infty), & x &\in \partial\Omega .
\end{align}""",
            r"""\begin{equation}
  \hat{S}(t) = \prod_{t_i \le t} \Bigl(1 - \frac{d_i}{n_i}\Bigr), \qquad
  h(t \mid x) = h_0(t) \exp(x^\top \beta).
\end{equation}""",
        ]
        pick = {"ml": [0, 1], "econ": [2], "eng": [3, 4], "clinical": [5], "stats": [2]}
        self.body.append(blocks[rng.choice(pick[self.domain])] + "\n")

    def algorithm(self) -> None:
        rng = self.rng
        self.nfig += 1
        body = r"""\begin{tabbing}
\quad\=\quad\=\quad\=\quad\=\kill
\textbf{Input:} training set $D$, learning rate $\eta$, epochs $T$\\
\textbf{Output:} parameters $\theta$\\
1:\>initialise $\theta \leftarrow \theta_0$\\
2:\>\textbf{for} $t = 1, \dots, T$ \textbf{do}\\
3:\>\>\textbf{for} each batch $B \subset D$ \textbf{do}\\
4:\>\>\>$g \leftarrow \nabla_\theta \mathcal{L}(B; \theta)$\\
5:\>\>\>$\theta \leftarrow \theta - \eta\, g$\\
6:\>\>\textbf{end for}\\
7:\>\>$\eta \leftarrow \gamma\,\eta$\\
8:\>\textbf{end for}\\
9:\>\textbf{return} $\theta$
\end{tabbing}""" if rng.random() < 0.6 else r"""\begin{verbatim}
def train(model, loader, epochs=100, lr=0.001):
    opt = SGD(model.parameters(), lr=lr, momentum=0.9)
    for epoch in range(epochs):
        for x, y in loader:
            loss = criterion(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model
\end{verbatim}"""
        cap = rng.choice(["Training procedure.", "Pseudo-code of the proposed method.",
                          "The optimisation loop used in all experiments."])
        self.body.append(fill("\\begin{figure}[@]\n\\small\n@\n\\caption{@}\n\\end{figure}\n",
                              rng.choice(["t", "tb", "htbp"]), body, cap))

    def chart(self) -> None:
        rng = self.rng
        w = 200 if self.twocol else rng.choice([220, 260, 300])
        h = rng.choice([100, 120, 140])
        n = rng.randint(4, 8)
        lines = [r"\setlength{\unitlength}{1pt}", fill(r"\begin{picture}(@,@)", w + 30, h + 30),
                 fill(r"\put(25,15){\line(1,0){@}}", w), fill(r"\put(25,15){\line(0,1){@}}", h)]
        top = rng.choice([50, 100, 80, 40])
        for k in range(5):
            y = 15 + k * h // 4
            lines.append(fill(r"\put(22,@){\line(1,0){3}}", y))
            lines.append(fill(r"\put(0,@){\scriptsize @}", y - 3, top * k // 4))
        sets = [["A", "B", "C", "D", "E", "F", "G", "H"], ["Q1", "Q2", "Q3", "Q4"],
                [str(self.year - 7 + k) for k in range(8)],
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"]]
        labels = rng.choice(sets)
        n = min(n, len(labels))
        labels = labels[:n]
        step = w // n
        bars = rng.random() < 0.6
        for k, lab in enumerate(labels):
            x = 25 + k * step + step // 4
            v = rng.randint(h // 8, h)
            if bars:
                lines.append(fill(r"\put(@,15){\rule{@pt}{@pt}}", x, max(4, step // 2), v))
            else:
                lines.append(fill(r"\put(@,@){\circle*{4}}", x + step // 4, 15 + v))
            lines.append(fill(r"\put(@,4){\scriptsize @}", x, lab))
        lines.append(r"\end{picture}")
        self.nfig += 1
        cap = tex(rng.choice(self.words["subj"])) + rng.choice(
            {"en": [" by period.", " over time.", " across settings (higher is better).",
                    " for each group."],
             "de": [" nach Zeitraum.", " im Zeitverlauf.", " nach Gruppen."],
             "fr": [" par période.", " au fil du temps.", " par groupe."]}[self.lang])
        self.body.append(fill("\\begin{figure}[@]\n\\centering\n@\n\\caption{@}\n\\end{figure}\n",
                              rng.choice(["t", "htbp", "b"]), "\n".join(lines), cap))

    def placeholder(self) -> None:
        rng = self.rng
        self.nfig += 1
        wd = r"0.9\linewidth" if not self.twocol else r"0.95\columnwidth"
        what = rng.choice({"ml": ["Overview of the architecture", "Qualitative examples"],
                           "eng": ["Schematic of the setup", "Photograph of the test rig"],
                           "clinical": ["Study flow diagram", "Enrolment and randomisation"],
                           "econ": ["Map of the study region", "Event-study estimates"],
                           "stats": ["Map of the regions", "Regional overview"]}[self.domain])
        self.body.append(fill(
            "\\begin{figure}[t]\n\\centering\n\\fbox{\\parbox[c][@pt][c]{@}{\\centering "
            "\\textit{@}}}\n\\caption{@}\n\\end{figure}\n", rng.choice([90, 120, 150]), wd, what,
            tex(rng.choice(self.words["subj"])) + "."))

    def symbols(self) -> None:
        rng = self.rng
        syms = {"ml": [(r"$\theta$", "model parameters"), (r"$\eta$", "learning rate"),
                       (r"$\lambda$", "regularisation weight"), (r"$B$", "batch size"),
                       (r"$T$", "number of epochs"), (r"$\tau$", "temperature")],
                "eng": [(r"$\rho$", "density"), (r"$k$", "thermal conductivity"),
                        (r"$h$", "mesh size"), (r"$E$", "Young's modulus"),
                        (r"$\sigma$", "stress"), (r"$\varepsilon$", "strain")],
                "econ": [(r"$N$", "number of observations"), (r"$T$", "number of periods"),
                         (r"$\beta$", "coefficient of interest"), (r"$\alpha_i$", "unit effects"),
                         (r"$\gamma_t$", "period effects"), (r"$X_{it}$", "controls")],
                "clinical": [(r"$n$", "number of patients"), (r"$d_i$", "events at time $t_i$"),
                             (r"$h_0$", "baseline hazard"), (r"$\beta$", "log hazard ratios"),
                             (r"$S(t)$", "survival function")],
                "stats": [(r"$N$", "population"), (r"$n$", "sample size"),
                          (r"$w_i$", "design weight"), (r"$\bar{y}$", "weighted mean"),
                          (r"$s$", "standard error")]}[self.domain]
        lines = [r"\begin{description}"]
        for s, d in rng.sample(syms, rng.randint(4, len(syms))):
            lines.append(fill(r"\item[@] @", s, d))
        lines.append(r"\end{description}")
        self.body.append("\n".join(lines) + "\n")

    def bibliography(self) -> None:
        rng = self.rng
        venues = ["Proceedings of CVPR", "Advances in Neural Information Processing Systems",
                  "Proceedings of ICML", "Journal of Machine Learning Research",
                  "The Lancet", "New England Journal of Medicine", "American Economic Review",
                  "Quarterly Journal of Economics", "Journal of Applied Mechanics",
                  "International Journal of Heat and Mass Transfer", "Proceedings of ACL"]
        words = ["Deep", "Learning", "Robust", "Estimation", "Networks", "Effects", "Evidence",
                 "Analysis", "Models", "Efficient", "Scalable", "Randomised", "Trial",
                 "Fatigue", "Thermal", "Labor", "Markets", "Attention", "Representations"]
        lines = [r"\begin{thebibliography}{99}"]
        for k in range(1, self.nbib + 1):
            auth = ", ".join(f"{rng.choice(FIRST)[0]}. {rng.choice(LAST)}"
                             for _ in range(rng.randint(1, 4)))
            title = " ".join(rng.sample(words, rng.randint(3, 6))).capitalize()
            pages = rng.randint(1, 900)
            lines.append(fill(r"\bibitem{b@} @. @. \emph{@}, pages @--@, @.", k, auth, title,
                              rng.choice(venues), pages, pages + rng.randint(5, 20),
                              rng.randint(1998, self.year)))
        lines.append(r"\end{thebibliography}")
        self.body.append("\n".join(lines) + "\n")

    # tables: content --------------------------------------------------------
    def _caption(self, text: str) -> str:
        """``text``, told apart from an earlier caption of the document with the same text."""
        extra = {"en": ["additional results", "second series", "supplementary"],
                 "de": ["Ergänzung", "zweite Reihe", "Nachtrag"],
                 "fr": ["complément", "seconde série", "suite"]}[self.lang]
        k = 0
        text = text[0].upper() + text[1:]
        base = text
        while norm(text) in self.captions:
            text = f"{base} ({extra[k % len(extra)]}{'' if k < len(extra) else f' {k}'})"
            k += 1
        self.captions.add(norm(text))
        return text

    def t_results(self, ncols_max: int = 7) -> Table:
        rng = self.rng
        data = rng.choice([CV_DATA, NLP_DATA])
        two_level = rng.random() < 0.45
        group_rows = rng.random() < 0.25
        extra = rng.random() < 0.3 and not group_rows
        stub = 2 if group_rows else (2 if extra else 1)
        if two_level:
            nd = rng.randint(2, 3)
            mets = rng.sample(METRICS, rng.randint(2, 3) if nd == 2 else 2)
            while stub + nd * len(mets) > ncols_max and len(mets) > 1:
                mets.pop()
            dsets = rng.sample(data, nd)
            ncols = stub + nd * len(mets)
        else:
            nd = max(2, min(ncols_max - stub, rng.randint(3, 6)))
            dsets = rng.sample(data, nd)
            mets = []
            ncols = stub + nd
        t = Table(ncols)
        t.align = ["l"] * stub + [rng.choice(["c", "c", "r"])] * (ncols - stub)
        arrows = rng.random() < 0.5
        stub_heads = [C("Method")] if stub == 1 else (
            [C(rng.choice(["Backbone", "Setting", "Data"])), C("Method")] if group_rows
            else [C("Method"), C(rng.choice(["Params (M)", "Venue", "Year"]))])
        if two_level:
            h1: list[tuple[int, Cell]] = []
            h2: list[tuple[int, Cell]] = []
            span_stub = rng.random() < 0.6
            for c, sh in enumerate(stub_heads):
                if span_stub:
                    sh.rs = 2
                    h1.append((c, sh))
                else:
                    h2.append((c, sh))
            for k, d in enumerate(dsets):
                h1.append((stub + k * len(mets), C(d, cs=len(mets))))
                for j, (m, up) in enumerate(mets):
                    txt, src = m, tex(m)
                    if arrows:
                        txt += " \u2191" if up else " \u2193"
                        src += r" $\uparrow$" if up else r" $\downarrow$"
                    h2.append((stub + k * len(mets) + j, C(txt, src)))
            t.head = [h1, h2]
            ups = [up for _ in dsets for _, up in mets]
        else:
            m, up = metric1 = rng.choice(METRICS)
            head = [(c, sh) for c, sh in enumerate(stub_heads)]
            for k, d in enumerate(dsets):
                txt, src = d, tex(d)
                if arrows:
                    txt += " \u2191" if up else " \u2193"
                    src += r" $\uparrow$" if up else r" $\downarrow$"
                head.append((stub + k, C(txt, src)))
            t.head = [head]
            ups = [up] * nd
        pm = rng.random() < 0.3 and ncols <= 6
        pm_style = rng.choice([0, 0, 1])
        dec = rng.choice([1, 1, 2])
        scale = 1.0 if dec == 1 else 0.01
        groups = [rng.choice(BACKBONES[:2] if data is CV_DATA else BACKBONES[4:])] if not \
            group_rows else rng.sample(BACKBONES, 2)
        rows: list[tuple[str, list[float | None], str]] = []
        for g in groups:
            nmeth = rng.randint(3, 6) if not group_rows else rng.randint(2, 4)
            meths = rng.sample(METHODS, nmeth)
            base = [rng.uniform(55, 90) for _ in range(ncols - stub)]
            for name in meths:
                vals = [None if rng.random() < 0.06 else b + rng.uniform(-6, 4) for b in base]
                rows.append((g, vals, name + (f" [{rng.randint(1, self.nbib)}]"
                                              if rng.random() < 0.7 else "")))
            for name in rng.sample(OURS, rng.randint(1, 2)):
                rows.append((g, [b + rng.uniform(0, 5) for b in base], name))
        # best and second per column (higher or lower is better)
        deco: dict[tuple[int, int], str] = {}
        for j in range(ncols - stub):
            col = [(v, i) for i, (_, vals, _) in enumerate(rows) if (v := vals[j]) is not None]
            col.sort(reverse=ups[j])
            if col:
                deco[(col[0][1], j)] = "b"
            if len(col) > 1 and rng.random() < 0.7:
                deco[(col[1][1], j)] = "u"
        bold_math = rng.random() < 0.3
        for i, (g, vals, name) in enumerate(rows):
            cells: list[tuple[int, Cell]] = []
            first_of_group = i == 0 or rows[i - 1][0] != g
            if group_rows:
                if first_of_group:
                    n_in = sum(1 for r in rows if r[0] == g)
                    cells.append((0, C(g, rs=n_in)))
                cells.append((1, C(name, tex(name).replace(" [", "~["))))
            else:
                cells.append((0, C(name, tex(name).replace(" [", "~["))))
                if extra:
                    h = stub_heads[1].text
                    v = (f"{rng.uniform(5, 300):.1f}" if h.startswith("Params") else
                         rng.choice(["CVPR", "ICCV", "NeurIPS", "ICML", "ICLR", "ACL", "EMNLP"])
                         if h == "Venue" else str(rng.randint(self.year - 8, self.year)))
                    cells.append((1, C(v)))
            for j, v in enumerate(vals):
                c = stub + j
                if v is None:
                    cells.append((c, C("\u2014", "---") if rng.random() < 0.7
                                  else C("\u2013", "--")))
                    continue
                s = f"{v * scale:.{dec + (1 if scale < 1 else 0)}f}" if scale < 1 else \
                    f"{v:.{dec}f}"
                d = deco.get((i, j))
                txt, src = s, s
                if d == "b":
                    src = fill(r"$\mathbf{@}$", s) if bold_math else fill(r"\textbf{@}", s)
                elif d == "u":
                    src = fill(r"\underline{@}", s)
                if pm:
                    sd = f"{rng.uniform(0.1, 1.5):.1f}" if scale == 1 else \
                        f"{rng.uniform(0.001, 0.02):.3f}"
                    txt += " \u00b1 " + sd
                    src += (r" $\pm$ " if pm_style == 0 else r"{\scriptsize $\pm$") + sd + \
                        ("" if pm_style == 0 else "}")
                cells.append((c, C(txt, src)))
            new_group = i > 0 and (rows[i - 1][0] != g or
                                   (name in OURS and rows[i - 1][2] not in OURS))
            t.add(cells, "group" if new_group else "data")
        metric = "" if two_level else metric1[0]
        t.title = rng.choice([
            f"Comparison with the state of the art on {', '.join(dsets[:-1])} and {dsets[-1]}"
            + (f" ({metric})" if metric else ""),
            f"Results on {', '.join(dsets)}" + (f" in terms of {metric}" if metric else "")
            + ". Best results in bold" + (", second best underlined" if deco else ""),
            "Main results. " + (f"We report {metric}" if metric else "We report the mean")
            + (" (mean and standard deviation over 3 runs)" if pm and metric else
               " and standard deviation over 3 runs" if pm else " over 3 runs"),
        ])
        return t

    def t_ablation(self) -> Table:
        rng = self.rng
        comps = rng.sample(COMPONENTS, rng.randint(2, 4))
        mets = rng.sample(METRICS, rng.randint(1, 2))
        nc = len(comps)
        t = Table(nc + len(mets))
        t.align = ["c"] * nc + ["r"] * len(mets)
        t.head = [[(k, C(c)) for k, c in enumerate(comps)] +
                  [(nc + j, C(m)) for j, (m, _) in enumerate(mets)]]
        on_mark = rng.choice([(r"$\checkmark$", "\u2713"), (r"$\surd$", "\u221a")])
        off_mark = rng.choice([("", ""), ("", ""), ("--", "\u2013"), (r"$\times$", "\u00d7")])
        nrows = rng.randint(3, 6)
        for r in range(nrows + 1):
            last = r == nrows
            on = [True] * nc if last else [False] * nc if r == 0 else \
                [rng.random() < 0.5 for _ in comps]
            cells = []
            for k, o in enumerate(on):
                src, txt = on_mark if o else off_mark
                if src:
                    cells.append((k, C(txt, src)))
            for j in range(len(mets)):
                v = f"{rng.uniform(88, 95) if last else rng.uniform(60, 88):.1f}"
                cells.append((nc + j, C(v, fill(r"\textbf{@}", v) if last else v)))
            t.add(cells, "total" if last else "data")
        t.title = rng.choice(["Ablation study of the components of our method",
                              "Effect of each component (validation set)",
                              "Ablation on " + rng.choice(CV_DATA + NLP_DATA)])
        return t

    def t_small(self, what: str | None = None, avoid: str = "") -> Table:
        """A small table: dataset statistics, hyper-parameters or a short summary (of a
        stub other than ``avoid``)."""
        rng = self.rng
        what = what or (rng.choice(["data", "hyper"]) if self.domain == "ml" else
                        "events" if self.domain == "clinical" else "summary")
        if what == "events":
            arms = rng.choice(ARMS)
            n = [rng.randint(60, 500) for _ in arms]
            t = Table(3)
            t.align = ["l", "r", "r"]
            t.head = [[(0, C("Adverse event"))] + [(k + 1, C(f"{a} (n = {m})",
                                                              f"{tex(a)} ($n = {m}$)"))
                                                   for k, (a, m) in enumerate(zip(arms, n,
                                                                                  strict=True))]]
            for ev in rng.sample(EVENTS, rng.randint(3, 6)):
                cells = [(0, C(ev))]
                for k, m in enumerate(n):
                    v = rng.randint(0, m // 5)
                    cells.append((k + 1, C(f"{v} ({100 * v / m:.1f})")))
                t.add(cells)
            t.title = rng.choice(["Adverse events", "Most frequent adverse events",
                                  "Serious adverse events by group"])
            return t
        if what == "data":
            dsets = rng.sample(CV_DATA + NLP_DATA, rng.randint(3, 5))
            heads = ["Dataset", "#Train", "#Test", "#Classes"][:rng.choice([3, 4])]
            t = Table(len(heads))
            t.head = [[(k, C(h, tex(h))) for k, h in enumerate(heads)]]
            for d in dsets:
                cells = [(0, C(d))]
                for k in range(1, len(heads)):
                    v = rng.randint(2, 1000) if heads[k] == "#Classes" else \
                        rng.randint(1000, 1_300_000)
                    cells.append((k, C(f"{v:,}", f"{v:,}")))
                t.add(cells)
            t.title = "Statistics of the datasets used in our experiments"
            return t
        if what == "hyper":
            hp = rng.sample(HYPER, rng.randint(4, 7))
            t = Table(2)
            t.align = ["l", rng.choice(["r", "c", "l"])]
            t.head = [[(0, C(rng.choice(["Hyperparameter", "Parameter", "Setting"]))),
                       (1, C("Value"))]]
            for name, vals in hp:
                t.add([(0, C(name)), (1, C(rng.choice(vals)))])
            t.title = rng.choice(["Hyperparameters used for training",
                                  "Training settings", "Default hyperparameter values"])
            return t
        # summary: two or three columns of figures
        lang = self.lang
        stubs = STUBS[lang]
        head = rng.choice([h for h in stubs if h != avoid])
        labels = [s for _, subs in stubs[head] for s in subs]
        labels = rng.sample(labels, rng.randint(3, 5))
        mes = rng.sample(MEASURES[lang], rng.choice([1, 2]))
        t = Table(1 + len(mes))
        t.head = [[(0, C(head))] + [(k + 1, C(m)) for k, m in enumerate(mes)]]
        num = Num(rng, lang)
        pct = [small_measure(m) for m in mes]
        rows = [[rng.uniform(-10, 60) if p else rng.uniform(5, 9000) for p in pct]
                for _ in labels]
        for lab, vals in zip(labels, rows, strict=True):
            t.add([(0, C(lab))] + [(k + 1, C(*num(v, 1))) for k, v in enumerate(vals)])
        if rng.random() < 0.5:  # sums of the counts, means of the percents
            tot = [sum(r[k] for r in rows) / (len(rows) if p else 1) for k, p in enumerate(pct)]
            t.add([(0, C(self.names["total"]))] + [(k + 1, C(*num(v, 1)))
                                                   for k, v in enumerate(tot)], "total")
        t.title = rng.choice(CAPTIONS[lang]).format(m=mes[0], s=head.lower() if lang != "de"
                                                    else head, y=self.year, y0=self.year - 5)
        return t

    def t_stats(self, ncols_max: int = 7, wide: bool = False) -> Table:
        """A statistical table: stub with sections, indented sub-rows, totals."""
        rng, lang = self.rng, self.lang
        stubs = STUBS[lang]
        head = rng.choice(list(stubs))
        years = rng.random() < 0.5
        num = Num(rng, lang)
        ncols = rng.randint(8, min(10, ncols_max)) if wide else rng.randint(3, ncols_max)
        groups_hdr = (not years) and rng.random() < 0.4 and ncols >= 5
        t = Table(ncols)
        if years:
            y1 = self.year - (ncols - 1)
            labels = [str(y1 + k) for k in range(ncols - 1)]
            measure = rng.choice(MEASURES[lang])
            kinds = [rng.choice(["int", "pct"])] * (ncols - 1)
            if rng.random() < 0.4:  # the measure spanning the years, the stub head both rows
                t.head = [[(0, C(head, rs=2)), (1, C(measure, cs=ncols - 1))],
                          [(k + 1, C(lab)) for k, lab in enumerate(labels)]]
            else:
                t.head = [[(0, C(head))] + [(k + 1, C(lab)) for k, lab in enumerate(labels)]]
        elif groups_hdr:  # two groups of columns under spanning headers, a total column
            subsets = SUBHEADS[lang]
            subs = rng.choice(subsets)
            per = min(len(subs), (ncols - 1) // 2)
            subs = subs[:per]
            gl = rng.choice([[str(self.year - 1), str(self.year)], GROUPHEADS[lang]])
            extra = ncols - 1 - 2 * per
            ncols = 1 + 2 * per + min(extra, 1)
            t = Table(ncols)
            span_stub = rng.random() < 0.6
            h1: list[tuple[int, Cell]] = [(0, C(head, rs=2))] if span_stub else []
            h2: list[tuple[int, Cell]] = [] if span_stub else [(0, C(head))]
            col = 1
            for gi in range(2):
                h1.append((col, C(gl[gi], cs=per)))
                for j in range(per):
                    h2.append((col + j, C(subs[j])))
                col += per
            if ncols > col:
                h1.append((col, C(self.names["total"], rs=2)))
            t.head = [h1, h2]
            measure = rng.choice(MEASURES[lang])
            kinds = ["pct" if small_measure(subs[j % per]) else "int" for j in range(ncols - 1)]
        else:
            mes = rng.sample(MEASURES[lang], min(ncols - 1, len(MEASURES[lang])))
            ncols = 1 + len(mes)
            t = Table(ncols)
            t.head = [[(0, C(head))] + [(k + 1, C(m)) for k, m in enumerate(mes)]]
            measure = mes[0]
            kinds = ["pct" if small_measure(m) else "int" for m in mes]
        sec_style = rng.choice(["span", "span", "label", "bold"])
        indent = rng.choice([r"\quad ", r"\hspace{1em}", r"\hspace{2mm}", r"\qquad "])
        italic_panels = rng.random() < 0.5
        n_rows_max = rng.randint(8, 22)
        groups = stubs[head]
        rows_made = 0

        pct_sign = rng.random() < 0.3 and lang == "en"

        def values() -> list[float | None]:
            return [None if rng.random() < 0.04 else
                    rng.uniform(50, 250000) if kd == "int" else rng.uniform(-12, 60)
                    for kd in kinds]

        def summed(rows: list[list[float | None]]) -> list[float | None]:
            """Sums of the counts, means of the percents (missing values left out)."""
            out: list[float | None] = []
            for k, kd in enumerate(kinds):
                col = [r[k] for r in rows if r[k] is not None]
                out.append(None if not col else sum(col) if kd == "int" else
                           sum(col) / len(col))
            return out

        def numbers(vals: list[float | None]) -> list[tuple[int, Cell]]:
            out = []
            for k, (kd, v) in enumerate(zip(kinds, vals, strict=True)):
                if v is None:
                    out.append((k + 1, C("\u2013", "--") if lang == "en" else C("-", "-")))
                elif kd == "int":
                    out.append((k + 1, C(*num(round(v), 0))))
                else:
                    txt, src = num(v, 1)
                    if pct_sign:
                        txt, src = txt + "%", src + r"\%"
                    out.append((k + 1, C(txt, src)))
            return out

        all_vals: list[list[float | None]] = []
        for gi, (gname, subs) in enumerate(groups):
            if rows_made >= n_rows_max:
                break
            subs = subs[:max(1, n_rows_max - rows_made - 1)]
            sub_vals = [values() for _ in subs]
            all_vals += sub_vals
            if sec_style == "span":
                label = f"{self.names['panel']} {chr(65 + gi)}: {gname}" if italic_panels \
                    else gname
                src = fill(r"\textit{@}" if italic_panels else r"\textbf{@}", tex(label))
                t.add([(0, C(label, src, cs=ncols, al="l"))], "section")
            elif sec_style == "label":
                t.add([(0, C(gname))] + numbers(summed(sub_vals)), "section")
            else:
                t.add([(0, C(gname, fill(r"\textbf{@}", tex(gname))))], "section")
            rows_made += 1 + len(subs)
            for sub, vals in zip(subs, sub_vals, strict=True):
                t.add([(0, C(sub, indent + tex(sub)))] + numbers(vals), "sub")
        if rng.random() < 0.7:
            tot = self.names["total"]
            bold = rng.random() < 0.5
            cells = [(0, C(tot, fill(r"\textbf{@}", tex(tot)) if bold else tex(tot)))] + \
                numbers(summed(all_vals))
            if bold and rng.random() < 0.5:
                for _, cell in cells[1:]:
                    cell.src = fill(r"\textbf{@}", cell.src)
            t.add(cells, "total")
        y0 = self.year - 5
        t.title = rng.choice(CAPTIONS[lang]).format(
            m=measure, s=head.lower() if lang != "de" else head, y=self.year, y0=y0)
        if rng.random() < 0.6:
            t.notes.append(self.names["source"] + rng.choice(SOURCES[lang]).format(y=self.year))
        if rng.random() < 0.3:
            t.notes.append(self.names["note"] + "Figures may not add up to totals because "
                           "of rounding." if lang == "en" else self.names["note"]
                           + rng.choice(self.words["tail"]) + ".")
        if rng.random() < 0.3:
            self.footmarks(t)
        return t

    def footmarks(self, t: Table) -> None:
        """Footnote letters on one or two stub labels, explained under the tabular ("$^a$
        Excluding ..."); the letter is part of the cell's text (a Unicode superscript)."""
        rng = self.rng
        rows = [r for r, k in zip(t.body, t.kinds, strict=True)
                if k in ("sub", "data", "total") and r and r[0][0] == 0]
        why = {"en": ["Excluding overseas territories.", "Provisional figures.",
                      "Break in series.", "Estimate based on a small sample."],
               "de": ["Vorläufige Ergebnisse.", "Ohne Auslandsgebiete.", "Bruch in der Reihe."],
               "fr": ["Données provisoires.", "Hors territoires d'outre-mer.",
                      "Rupture de série."]}[self.lang]
        picked = sorted(rng.sample(range(len(rows)), min(len(rows), rng.choice([1, 2]))))
        for letter, sup, k in zip("ab", "\u1d43\u1d47", picked, strict=False):
            row = rows[k]
            cell = row[0][1]
            cell.text += sup
            cell.src += fill(r"$^@$", letter)
            t.notes.append(fill(r"$^@$ @", letter, rng.choice(why)))
    def t_clinical(self) -> Table:
        rng = self.rng
        arms = rng.choice(ARMS)
        n = [rng.randint(60, 900) for _ in arms]
        pcol = rng.random() < 0.6
        overall = rng.random() < 0.3
        ncols = 1 + len(arms) + (1 if overall else 0) + (1 if pcol else 0)
        t = Table(ncols)
        t.align = ["l"] + ["c"] * (ncols - 1)
        heads: list[tuple[int, Cell]] = [(0, C("Characteristic"))]
        col = 1
        if overall:
            heads.append((col, C(f"Overall (n = {sum(n)})", f"Overall ($n = {sum(n)}$)")))
            col += 1
        two = rng.random() < 0.4
        for a, k in zip(arms, n, strict=True):
            if two:
                heads.append((col, C(a)))
            else:
                heads.append((col, C(f"{a} (n = {k})", f"{tex(a)} ($n={k}$)")))
            col += 1
        if pcol:
            heads.append((col, C("p-value", "$p$-value") if rng.random() < 0.6 else C("P")))
        t.head = [heads]
        if two:  # group sizes as a second header row
            row2 = []
            for j, k in enumerate(n):
                row2.append((1 + (1 if overall else 0) + j, C(f"(n = {k})", f"($n={k}$)")))
            t.head.append(row2)
            for c, cell in heads:
                if c == 0 or (overall and c == 1) or (pcol and c == ncols - 1):
                    cell.rs = 2
        indent = rng.choice([r"\quad ", r"\hspace{1em}", r"\hspace{3mm}"])

        def pval() -> Cell:
            p = rng.random() ** 2
            if p < 0.001:
                return C("<0.001", "$<$0.001")
            return C(f"{p:.2f}" if p >= 0.01 else f"{p:.3f}")

        items = rng.sample(CLIN_CONT, rng.randint(2, 4)) + rng.sample(CLIN_CAT, rng.randint(2, 3))
        rng.shuffle(items)
        for it in items:
            if len(it) == 3:
                name, lo, hi = it
                cells = [(0, M(name + (", mean (SD)" if rng.random() < 0.5 else "")))]
                for j in range(ncols - 1 - (1 if pcol else 0)):
                    m = rng.uniform(lo, hi)
                    cells.append((1 + j, C(f"{m:.1f} ({m * rng.uniform(0.08, 0.2):.1f})")))
                if pcol:
                    cells.append((ncols - 1, pval()))
                t.add(cells)
            else:
                name, cats = it
                lab = name + ", n (%)"
                first = [(0, C(lab, tex(name) + r", $n$ (\%)"))]
                if pcol and rng.random() < 0.7:
                    first.append((ncols - 1, pval()))
                t.add(first, "section")
                ks = ([sum(n)] if overall else []) + n  # each column's group size
                counts = []
                for k in ks:  # the group split over the categories
                    w = [rng.random() + 0.15 for _ in cats]
                    c = [round(k * x / sum(w)) for x in w]
                    c[-1] = k - sum(c[:-1])
                    counts.append(c)
                for i, cat in enumerate(cats):
                    cells = [(0, C(cat, indent + tex(cat)))]
                    for j, k in enumerate(ks):
                        v = counts[j][i]
                        cells.append((1 + j, C(f"{v} ({100 * v / k:.1f})")))
                    t.add(cells, "sub")
        t.title = rng.choice(["Baseline characteristics of the study population",
                              "Baseline characteristics by treatment group",
                              "Demographic and clinical characteristics at enrolment"])
        t.notes.append(rng.choice(["Data are mean (SD) or n (\\%).",
                                   "Values are mean (SD) for continuous variables and number "
                                   "(percent) for categorical variables.",
                                   "$p$-values from $t$-tests or $\\chi^2$ tests."]))
        return t

    def t_outcomes(self) -> Table:
        rng = self.rng
        arms = rng.choice(ARMS)
        t = Table(5)
        t.align = ["l", "c", "c", "c", "c"]
        t.head = [[(0, C("Outcome")), (1, C(arms[0])), (2, C(arms[1])),
                   (3, C("HR (95% CI)", r"HR (95\% CI)")), (4, C("p", "$p$"))]]
        for o in rng.sample(OUTCOMES, rng.randint(3, 7)):
            a, b = rng.randint(5, 120), rng.randint(5, 140)
            hr = rng.uniform(0.5, 1.3)
            lo, hi = hr * rng.uniform(0.7, 0.9), hr * rng.uniform(1.1, 1.4)
            dash = rng.random() < 0.6
            ci = (f"{hr:.2f} ({lo:.2f}\u2013{hi:.2f})", f"{hr:.2f} ({lo:.2f}--{hi:.2f})") \
                if dash else (f"{hr:.2f} ({lo:.2f}, {hi:.2f})", f"{hr:.2f} ({lo:.2f}, {hi:.2f})")
            p = rng.random()
            t.add([(0, C(o)), (1, C(f"{a} ({rng.uniform(1, 20):.1f})")),
                   (2, C(f"{b} ({rng.uniform(1, 20):.1f})")), (3, C(*ci)),
                   (4, C(f"{p:.2f}") if p > 0.001 else C("<0.001", "$<$0.001"))])
        t.title = rng.choice(["Primary and secondary outcomes",
                              "Clinical outcomes at 12 months",
                              "Outcomes in the intention-to-treat population"])
        t.notes.append("HR, hazard ratio; CI, confidence interval.")
        if rng.random() < 0.3:
            self.footmarks(t)
        return t

    def t_regression(self) -> Table:
        rng = self.rng
        k = rng.randint(3, 5)
        t = Table(1 + k)
        t.dcol = rng.random() < 0.5
        t.align = ["l"] + ([r"D{.}{.}{-1}"] * k if t.dcol else ["c"] * k)
        dep = rng.choice(DEPVARS)
        if rng.random() < 0.6:
            t.head = [[(1, C(f"Dependent variable: {dep}", cs=k))],
                      [(j + 1, C(f"({j + 1})")) for j in range(k)]]
        else:
            t.head = [[(0, C(""))] + [(j + 1, C(f"({j + 1})")) for j in range(k)]]
        regs = rng.sample(REGRESSORS, rng.randint(3, 6))
        stars = rng.random() < 0.8
        for r_i, reg in enumerate(regs):
            coef: list[tuple[int, Cell]] = [(0, M(reg))]
            se: list[tuple[int, Cell]] = []
            first = rng.randint(1, k - 1) if r_i > 1 and rng.random() < 0.3 else 0
            for j in range(k):
                if j < first:
                    continue  # a regressor only in the later specifications
                b = rng.uniform(-1.5, 1.5)
                s = abs(b) * rng.uniform(0.2, 1.2)
                st = "***" if abs(b) / s > 3.3 else "**" if abs(b) / s > 2 else \
                    "*" if abs(b) / s > 1.7 else ""
                txt = f"{b:.3f}".replace("-", MINUS)
                src = f"{b:.3f}" if t.dcol else f"{b:.3f}".replace("-", "$-$")
                if stars and st:
                    txt += st
                    src += fill("^{@}", st) if t.dcol else fill("$^{@}$", st)
                coef.append((j + 1, C(txt, src)))
                se.append((j + 1, C(f"({s:.3f})")))
            t.add(coef, "data")
            t.add(se, "se")
        n_obs = rng.randint(800, 250000)
        bottom = [("Controls", ["No"] + ["Yes"] * (k - 1)),
                  ("Year FE", ["No"] * (k // 2) + ["Yes"] * (k - k // 2))]
        al = "c" if t.dcol else None  # text in a decimal column: a \multicolumn{1}{c}
        rows = bottom[:rng.randint(0, 2)] + [("Observations", [f"{n_obs:,}"] * k)]
        for i, (lab, vals) in enumerate(rows):
            t.add([(0, C(lab))] + [(j + 1, C(v, al=al)) for j, v in enumerate(vals)],
                  "data" if i else "group")
        t.add([(0, C("R\u00b2", "$R^2$"))] + [(j + 1, C(f"{rng.uniform(0.05, 0.6):.3f}"))
                                              for j in range(k)])
        t.title = rng.choice([f"Estimates of the effect on {dep.lower()}",
                              f"Regression results: {dep.lower()}",
                              f"OLS estimates, dependent variable {dep.lower()}"])
        t.notes.append(r"Standard errors in parentheses" + (
            r". $^{*}$ $p<0.10$, $^{**}$ $p<0.05$, $^{***}$ $p<0.01$." if stars else "."))
        return t

    def t_descriptive(self) -> Table:
        rng = self.rng
        heads = ["Variable", "Mean", "SD", "Min", "Max", "N"][:rng.choice([5, 6])]
        t = Table(len(heads))
        t.head = [[(k, C(h)) for k, h in enumerate(heads)]]
        panels = rng.random() < 0.5
        vars_ = rng.sample(VARIABLES, rng.randint(5, 9))
        split = len(vars_) // 2
        num = Num(rng)
        t.dcol = rng.random() < 0.4
        if t.dcol:  # decimal columns: numbers in math mode, no grouping, a math minus
            t.align = ["l"] + [r"D{.}{.}{-1}"] * 4 + (["r"] if len(heads) == 6 else [])
            num.group, num.minus = "none", "plain"
        for i, v in enumerate(vars_):
            if panels and i in (0, split):
                lab = f"Panel {'A' if i == 0 else 'B'}: " + (
                    "Individual characteristics" if i == 0 else "Household characteristics")
                t.add([(0, C(lab, fill(r"\textit{@}", tex(lab)), cs=len(heads), al="l"))],
                      "section")
            m = rng.uniform(0, 60)
            cells = [(0, C(v, (r"\quad " if panels else "") + tex(v)))]
            vals = [m, m * rng.uniform(0.1, 0.8), m * rng.uniform(0, 0.5), m * rng.uniform(1.5, 4)]
            for j, x in enumerate(vals[:len(heads) - 1]):
                cells.append((j + 1, C(*num(x, 2))))
            if len(heads) == 6:
                nn = rng.randint(500, 90000)
                cells.append((5, C(*num(nn, 0))))
            t.add(cells, "sub" if panels else "data")
        t.title = rng.choice(["Descriptive statistics", "Summary statistics of the sample",
                              "Descriptive statistics of the estimation sample"])
        return t

    def t_materials(self) -> Table:
        rng = self.rng
        props = rng.sample(PROPS, rng.randint(3, 6))
        mats = rng.sample(MATERIALS, rng.randint(3, 7))
        t = Table(1 + len(props))
        units_row = rng.random() < 0.6
        if units_row:
            t.head = [[(0, C("Material", rs=2))] + [(k + 1, C(p[0])) for k, p in enumerate(props)],
                      [(k + 1, C(p[2], p[1])) for k, p in enumerate(props)]]
        else:
            t.head = [[(0, C("Material"))] + [(k + 1, C(f"{p[0]} {p[2]}", f"{tex(p[0])} {p[1]}"))
                                              for k, p in enumerate(props)]]
        pm = rng.random() < 0.3
        for m in mats:
            cells = [(0, C(m))]
            for k, p in enumerate(props):
                v = rng.uniform(p[3], p[4])
                s = f"{v:.{p[5]}f}"
                if pm:
                    e = f"{v * rng.uniform(0.01, 0.05):.{p[5]}f}"
                    cells.append((k + 1, C(f"{s} \u00b1 {e}", f"{s} $\\pm$ {e}")))
                else:
                    cells.append((k + 1, C(s)))
            t.add(cells)
        t.title = rng.choice(["Mechanical properties of the tested materials",
                              "Material properties used in the simulations",
                              "Measured properties (mean of five specimens)"])
        return t

    def t_testmatrix(self) -> Table:
        rng = self.rng
        heads = [("Run", "Run"), ("T (\u00b0C)", r"$T$ ($^\circ$C)"), ("p (bar)", "$p$ (bar)"),
                 ("Flow (L/min)", "Flow (L/min)"), ("Power (kW)", "Power (kW)"),
                 ("Efficiency (%)", r"Efficiency (\%)"), ("Error (%)", r"Error (\%)")]
        heads = heads[:1] + rng.sample(heads[1:], rng.randint(3, 5))
        t = Table(len(heads))
        t.align = ["c"] * len(heads)
        t.head = [[(k, C(a, b)) for k, (a, b) in enumerate(heads)]]
        num = Num(rng)
        prefix = rng.choice(["R", "", "T-"])
        for r in range(rng.randint(4, 10)):
            cells = [(0, C(f"{prefix}{r + 1}"))]
            for k in range(1, len(heads)):
                v = rng.uniform(-3, 9) if "Error" in heads[k][0] else rng.uniform(40, 99) \
                    if "Efficiency" in heads[k][0] else rng.uniform(1, 400)
                cells.append((k, C(*num(v, rng.choice([1, 2])))))
            t.add(cells)
        t.title = rng.choice(["Test matrix and measured quantities",
                              "Operating conditions of the experimental runs",
                              "Summary of the test runs"])
        return t

    def t_params(self) -> Table:
        """A parameters table with a wrapped description column (tabularx X or p{})."""
        rng = self.rng
        if self.domain != "ml":
            rows = rng.sample(ENG_PARAMS, rng.randint(4, 7))
            desc = rng.random() < 0.4  # the unit in the value, a wrapped description
            t = Table(4)
            last = "Description" if desc else "Unit"
            t.head = [[(0, C("Parameter")), (1, C("Symbol")), (2, C("Value")), (3, C(last))]]
            t.align = ["l", "c", "r", rng.choice(["p{5cm}", "p{0.4\\linewidth}"]) if desc
                       else "l"]
            notes = rng.sample(ENG_DESC, len(rows))
            for (name, sym_s, sym_t, val, unit), note in zip(rows, notes, strict=True):
                if desc:
                    vt = val if unit == "--" else f"{val} {_math_text(unit)}"
                    vs = val if unit == "--" else f"{val}~{unit}"
                    t.add([(0, C(name)), (1, C(sym_t, sym_s)), (2, C(vt, vs)), (3, C(note))])
                else:
                    t.add([(0, C(name)), (1, C(sym_t, sym_s)), (2, C(val)),
                           (3, C(_math_text(unit), unit))])
            t.title = rng.choice(["Simulation parameters", "Model parameters and boundary "
                                  "conditions", "Input parameters of the numerical model"])
            return t
        rows = rng.sample(HYPER, rng.randint(4, 7))
        descs = rng.sample(PARAM_DESC, len(rows))
        t = Table(3)
        t.align = ["l", "c", "X"]
        t.head = [[(0, C("Parameter")), (1, C("Value")), (2, C("Description"))]]
        tt = rng.random() < 0.5
        for (name, vals), d in zip(rows, descs, strict=True):
            key = name.lower().replace(" ", "_").replace("-", "_")
            t.add([(0, C(key, fill(r"\texttt{@}", tex(key))) if tt else C(name)),
                   (1, C(rng.choice(vals))), (2, C(d[0].upper() + d[1:] + "."))])
        t.title = rng.choice(["Parameters of the method and their default values",
                              "Configuration parameters"])
        return t

    def t_long(self) -> Table:
        """Rows enough for a longtable over a page break."""
        rng, lang = self.rng, self.lang
        num = Num(rng, lang)
        if lang == "en" and self.domain in ("clinical", "eng"):
            return self.t_listing(num)
        places = {"en": ["Station", "Municipality", "District", "Site", "County"],
                  "de": ["Gemeinde", "Kreis", "Messstelle"],
                  "fr": ["Commune", "Département", "Station"]}[lang]
        head = rng.choice(places)
        syll = ["Ash", "Bel", "Cor", "Dun", "El", "Fair", "Glen", "Hol", "Ivy", "Kel", "Lin",
                "Mar", "Nor", "Oak", "Pem", "Ros", "Sal", "Tor", "Wes", "Yar"]
        ends = ["ford", "ton", "ham", "field", "wick", "bury", "dale", "mouth", "ley", "stead"]
        ncols = rng.randint(4, 6)
        mes = rng.sample(MEASURES[lang], ncols - 1)
        t = Table(ncols)
        t.head = [[(0, C(head))] + [(k + 1, C(m)) for k, m in enumerate(mes)]]
        used = set()
        for _ in range(rng.randint(45, 75)):
            while True:
                name = rng.choice(syll) + rng.choice(ends)
                if rng.random() < 0.3:
                    name += rng.choice([" North", " South", " East", " West", "-on-Sea"])
                if name not in used:
                    used.add(name)
                    break
            t.add([(0, C(name))] + [(k + 1, C(*num(rng.uniform(-20, 80) if small_measure(m)
                                                    else rng.uniform(10, 99999),
                                                    1 if small_measure(m) else 0)))
                                   for k, m in enumerate(mes)])
        t.long = True
        t.title = rng.choice(CAPTIONS[lang]).format(m=mes[0], s=head.lower() if lang != "de"
                                                    else head, y=self.year, y0=self.year - 3)
        return t

    def t_listing(self, num: Num) -> Table:
        """A long listing: patients of a trial, or a test's measurement log."""
        rng = self.rng
        nrows = rng.randint(45, 75)
        if self.domain == "clinical":
            arms = rng.choice(ARMS)
            heads = ["Patient", "Age", "Sex", "Group", "Follow-up (days)", "Outcome"]
            t = Table(len(heads))
            t.align = ["l", "r", "c", "l", "r", "l"]
            t.head = [[(k, C(h)) for k, h in enumerate(heads)]]
            ids = rng.sample(range(1, 999), nrows)
            for i in sorted(ids):
                t.add([(0, C(f"P-{i:04d}")), (1, C(str(rng.randint(35, 89)))),
                       (2, C(rng.choice(["M", "F"]))), (3, C(rng.choice(arms))),
                       (4, C(str(rng.randint(20, 720)))),
                       (5, C(rng.choice(["Recovered", "Ongoing", "Withdrawn", "Readmitted",
                                         "Event-free", "Lost to follow-up"])))])
            t.title = "Listing of patients by site, " + str(self.year)
            return t
        heads = [("Time (s)", "Time (s)"), ("Load (kN)", "Load (kN)"),
                 ("Displacement (mm)", "Displacement (mm)"), ("Strain (%)", r"Strain (\%)"),
                 ("T (\u00b0C)", r"$T$ ($^\circ$C)")][:rng.randint(4, 5)]
        t = Table(len(heads))
        t.head = [[(k, C(a, b)) for k, (a, b) in enumerate(heads)]]
        step = rng.choice([0.5, 1, 2, 5, 10])
        load = 0.0
        for i in range(nrows):
            load += rng.uniform(-0.2, 1.5)
            vals = [num(i * step, 1)[0], num(load, 2), num(load * rng.uniform(0.08, 0.12), 3),
                    num(load * rng.uniform(0.01, 0.02), 3), num(rng.uniform(19, 24), 1)]
            t.add([(0, C(f"{i * step:.1f}"))] + [(k, C(*v)) for k, v in
                                                 enumerate(vals[1:len(heads)], 1)])
        t.title = f"Measurement log of specimen {rng.choice(['A', 'B', 'C'])}{rng.randint(1, 9)}"
        return t

    # tables: typesetting -------------------------------------------------------
    def number(self) -> str:
        self.ntab += 1
        n = roman(self.ntab) if self.roman else str(self.ntab)
        return f"{self.prefix}{n}"

    def label_text(self, n: str, title: str) -> str:
        return f"{self.names['table']} {n}: {title}"

    def _pick_style(self, t: Table) -> str:
        """The document's table style mostly, another one now and then."""
        rng = self.rng
        if rng.random() < 0.8:
            return self.style
        return rng.choice(["booktabs", "full", "hlines", "partial", "zebra"])

    def tabular(self, t: Table, style: str | None = None, resize: bool = False) -> str:
        """The tabular (or tabularx) of ``t``."""
        rng = self.rng
        style = style or self._pick_style(t)
        zebra = style == "zebra"
        has_rs = any(c.rs > 1 for row in t.head + t.body for _, c in row)
        if zebra and has_rs:
            zebra, style = False, "booktabs"
        st = Style("hlines" if zebra and rng.random() < 0.5 else "booktabs" if zebra else style,
                   t.ncols, rng)
        t.ruled_v = any(st.bars[1:t.ncols])
        if any(a.startswith("D") for a in t.align) and st.name == "full":
            pass
        spec = _spec(t.align, st.bars)
        body = tabular_rows(t, st, rng, head_fill="gray!25" if zebra else None)
        top = {"booktabs": r"\toprule", "full": r"\hline", "partial": r"\hline",
               "hlines": r"\hline\hline" if st.double else r"\hline"}[st.name]
        bottom = {"booktabs": r"\bottomrule", "full": r"\hline", "partial": r"\hline",
                  "hlines": r"\hline\hline" if st.double else r"\hline"}[st.name]
        lines = []
        if zebra:
            lines.append(fill(r"\rowcolors{@}{gray!10}{white}", len(t.head) + 1))
            self.packages.add("xcolor")
        if "X" in t.align:
            env = fill(r"\begin{tabularx}{\linewidth}{@}", spec)
            end = r"\end{tabularx}"
        else:
            env = fill(r"\begin{tabular}{@}", spec)
            end = r"\end{tabular}"
        tab = "\n".join([env, top, *body, bottom, end])
        if resize:
            tab = r"\resizebox{\linewidth}{!}{%" + "\n" + tab + "}"
        return "\n".join(lines + [tab])

    def _notes(self, t: Table) -> str:
        if not t.notes:
            return ""
        rng = self.rng
        body = r"\\".join(t.notes)
        if rng.random() < 0.5:
            return fill("\n\\par\\smallskip{\\footnotesize @\\par}", body)
        return fill("\n\\par\\vspace{2pt}\\begin{minipage}{@}\\footnotesize @\\end{minipage}",
                    rng.choice([r"\linewidth", r"0.9\linewidth"]), body)

    SIZES = {"": 1.0, r"\small": 0.9, r"\footnotesize": 0.8, r"\scriptsize": 0.7}

    def width(self, t: Table, size: str, sep: float = 6.0) -> float:
        """About how wide ``t`` sets at ``size`` (points): each column its longest cell
        (half an em a character) and its two column separations."""
        em = self.size * self.SIZES[size]
        cols = [0.0] * t.ncols
        for row in t.head + t.body:
            for c, cell in row:
                if cell.cs == 1 and t.align[c] != "X" and not t.align[c].startswith("p{"):
                    cols[c] = max(cols[c], 0.5 * em * len(cell.text) + 2 * sep)
        wrapped = sum(120 if a == "X" else 150 if a.startswith("p{") else 0 for a in t.align)
        return sum(cols) + wrapped

    def float_table(self, t: Table, star: bool = False, size: str | None = None,
                    refs: list[str] | None = None) -> None:
        """``t`` in a table float, captioned above (or below), with its notes; a table wider
        than the column goes across both (two-column papers) or is scaled down."""
        rng = self.rng
        n = self.number()
        t.title = self._caption(t.title)
        t.caption = self.label_text(n, t.title)
        t.cap_below = rng.random() < self.cap_below_p
        lab = f"tab:{len(self.tables) + 1}"
        self.tables.append(t)
        if refs is not None:
            refs.append(lab)
        size = size if size is not None else rng.choice(
            ["", "", r"\small", r"\small", r"\footnotesize"] if not self.twocol else
            [r"\small", r"\footnotesize", r"\small", ""])
        sep = 6.0
        setup = []
        if t.ncols >= 8:
            sep = rng.choice([3, 4, 4])
            setup.append(fill(r"\setlength{\tabcolsep}{@pt}", sep))
            if size == "" or rng.random() < 0.3:
                size = rng.choice([r"\small", r"\footnotesize", r"\scriptsize"])
        elif rng.random() < 0.15:
            setup.append(fill(r"\renewcommand{\arraystretch}{@}",
                              rng.choice(["1.1", "1.2", "1.3"])))
        wide = self.width(t, size, sep)
        if self.twocol and not star and wide > self.colwidth:
            star = True
        avail = self.colwidth if self.twocol and not star else self.textwidth
        if self.landscape:
            avail = 1.35 * self.textwidth  # about the text height
        resize = wide > avail and "X" not in t.align
        if resize and size in ("", r"\small") and rng.random() < 0.5:
            size = r"\footnotesize"
            resize = self.width(t, size, sep) > avail
        where = rng.choice(["t", "t", "tb", "!t", "!htb", "ht", "h", "htbp"])
        lines = [fill(r"\begin{table@}[@]", "*" if star else "", where), r"\centering"]
        if size:
            lines.append(size)
        lines += setup
        cap = fill(r"\caption{@}\label{@}", self._title_src(t), lab)
        tab = self.tabular(t, resize=resize)
        notes = self._notes(t)
        if t.cap_below:
            lines += [tab + notes, cap]
        else:
            lines += [cap, tab + notes]
        lines.append(fill(r"\end{table@}", "*" if star else ""))
        self.body.append("\n".join(lines) + "\n")

    def _title_src(self, t: Table) -> str:
        src = tex(t.title)
        return src if src.endswith(".") or self.rng.random() < 0.3 else src + "."

    def side_by_side(self, a: Table, b: Table) -> bool:
        """Two tables in one float: minipages with their own captions, or subtables (False:
        they do not fit side by side, nothing written)."""
        rng = self.rng
        size = rng.choice([r"\small", r"\footnotesize", ""])
        half = 0.46 * self.textwidth
        if self.width(a, size) > half or self.width(b, size) > half:
            return False
        sub = rng.random() < 0.4
        star = "*" if self.twocol else ""
        lines = [fill(r"\begin{table@}[@]", star, rng.choice(["t", "htbp"])), r"\centering"]
        if size:
            lines.append(size)
        caps_below = rng.random() < self.cap_below_p
        parts = []
        if sub:
            self.number()  # the table caption under both
            self.packages.add("subcaption")
        for k, t in enumerate((a, b)):
            t.title = self._caption(t.title)
            if sub:
                t.caption = f"({'ab'[k]}) {t.title}"
            else:
                t.caption = self.label_text(self.number(), t.title)
            t.cap_below = caps_below
            self.tables.append(t)
            env = "subtable" if sub else "minipage"
            cap = fill(r"\caption{@}", self._title_src(t))
            tab = self.tabular(t)
            inner = [fill(r"\begin{@}[t]{0.48\linewidth}", env), r"\centering"]
            inner += [tab, cap] if caps_below else [cap, tab]
            inner.append(fill(r"\end{@}", env))
            parts.append("\n".join(inner))
        lines.append(parts[0] + "\n\\hfill\n" + parts[1])
        if sub:
            lines.append(fill(r"\caption{@}", tex(rng.choice(
                ["Dataset statistics and training settings.", "Additional results.",
                 "Summary of the data and of the settings."]))))
        lines.append(fill(r"\end{table@}", star))
        self.body.append("\n".join(lines) + "\n")
        return True

    def long_table(self, t: Table) -> None:
        rng = self.rng
        n = self.number()
        t.title = self._caption(t.title)
        t.caption = self.label_text(n, t.title)
        t.long = True
        self.tables.append(t)
        style = rng.choice(["booktabs", "booktabs", "hlines", "full"])
        st = Style(style, t.ncols, rng)
        t.ruled_v = any(st.bars[1:t.ncols])
        spec = _spec(t.align, st.bars)
        top = r"\toprule" if style == "booktabs" else r"\hline"
        mid = r"\midrule" if style == "booktabs" else r"\hline"
        bot = r"\bottomrule" if style == "booktabs" else r"\hline"
        head_t = Table(t.ncols)
        head_t.head, head_t.body, head_t.kinds = [], t.head, ["data"] * len(t.head)
        head_lines = tabular_rows(head_t, st, rng)
        body_t = Table(t.ncols)
        body_t.body, body_t.kinds = t.body, t.kinds
        body_lines = tabular_rows(body_t, st, rng)
        cont = {"en": "continued", "de": "Fortsetzung", "fr": "suite"}[self.lang]
        lines = [rng.choice([r"\small", r"\footnotesize", ""]),
                 fill(r"\begin{longtable}{@}", spec),
                 fill(r"\caption{@}\label{tab:@}\\", self._title_src(t), len(self.tables)),
                 top, *head_lines, mid, r"\endfirsthead"]
        if rng.random() < 0.5:
            lines.append(fill(r"\caption[]{(@)}\\", cont))
        else:
            lines.append(fill(r"\multicolumn{@}{l}{\textit{@ @ (@)}}\\", t.ncols,
                              self.names["table"], r"\thetable{}", cont))
        lines += [top, *head_lines, mid, r"\endhead"]
        if rng.random() < 0.6:
            more = {"en": "Continued on next page", "de": "Fortsetzung nächste Seite",
                    "fr": "Suite page suivante"}[self.lang]
            lines += [mid, fill(r"\multicolumn{@}{r}{\footnotesize\textit{@}}\\", t.ncols, more),
                      r"\endfoot"]
        lines += [bot, r"\endlastfoot", *body_lines, r"\end{longtable}"]
        self.body.append("{" + "\n".join(lines) + "}\n")

    def landscape_table(self, t: Table) -> None:
        self.packages.add("pdflscape")
        self.body.append(r"\begin{landscape}" + "\n")
        self.landscape = True
        self.float_table(t, size=self.rng.choice([r"\small", ""]))
        self.landscape = False
        self.body.append(r"\end{landscape}" + "\n")

    # document kinds -------------------------------------------------------------
    def domain_table(self, wide: bool = False) -> Table:
        rng = self.rng
        narrow = self.twocol and not wide
        cmax = 5 if narrow else 7
        if wide:
            if self.domain == "ml":
                return self.t_results(ncols_max=10)
            return self.t_stats(ncols_max=10, wide=True)
        pick = {"ml": [lambda: self.t_results(cmax), lambda: self.t_results(cmax),
                       self.t_ablation, self.t_small],
                "clinical": [self.t_clinical, self.t_clinical, self.t_outcomes, self.t_small],
                "econ": [self.t_regression, self.t_regression, self.t_descriptive,
                         self.t_small],
                "eng": [self.t_materials, self.t_testmatrix, self.t_params, self.t_small],
                "stats": [lambda: self.t_stats(cmax), lambda: self.t_stats(cmax),
                          self.t_small, self.t_testmatrix if self.lang == "en" else
                          self.t_small]}[self.domain]
        return rng.choice(pick)()

    def title_block(self) -> str:
        rng = self.rng
        d = self.domain
        if d == "ml":
            title = "{} {} for {}".format(
                rng.choice(["Efficient", "Robust", "Scalable", "Self-Supervised", "Sparse",
                            "Adaptive"]),
                rng.choice(["Contrastive Pretraining", "Attention Networks", "Representation "
                            "Learning", "Knowledge Distillation", "Graph Networks"]),
                rng.choice(["Low-Resource Image Classification", "Noisy Labels",
                            "Long Documents", "Domain Generalisation", "Few-Shot Learning"]))
        elif d == "clinical":
            title = "Effect of {} on {} in Patients with {}: A Randomised Trial".format(
                rng.choice(["Early Mobilisation", "Intensive Blood Pressure Control",
                            "a Structured Exercise Programme", "Low-Dose Aspirin"]),
                rng.choice(["Mortality", "Functional Recovery", "Hospital Readmission"]),
                rng.choice(["Heart Failure", "Type 2 Diabetes", "Chronic Kidney Disease",
                            "Acute Stroke"]))
        elif d == "econ":
            title = "{} and {}: Evidence from {}".format(
                rng.choice(["Minimum Wages", "Trade Exposure", "School Reform", "Broadband"]),
                rng.choice(["Local Labour Markets", "Earnings", "Firm Growth", "Migration"]),
                rng.choice(["German Counties", "Brazilian Municipalities", "US Commuting Zones",
                            "Administrative Data"]))
        elif d == "eng":
            title = "{} of {} under {}".format(
                rng.choice(["Experimental Characterisation", "Numerical Modelling",
                            "Fatigue Assessment", "Thermal Analysis"]),
                rng.choice(MATERIALS), rng.choice(["Cyclic Loading", "High Temperatures",
                                                   "Impact", "Combined Loads"]))
        else:
            title = {"en": "Statistical Report on {} {}".format(
                rng.choice(["Households and Income", "Regional Employment", "Energy Use",
                            "Population"]), self.year),
                "de": "Statistischer Bericht {}: {}".format(
                    self.year, rng.choice(["Bevölkerung", "Erwerbstätigkeit", "Energie"])),
                "fr": "Rapport statistique {} : {}".format(
                    self.year, rng.choice(["Population", "Emploi régional", "Énergie"]))}[
                self.lang]
        if self.kind == "techreport" and self.lang == "en":
            title = f"Technical Report TR-{self.year}-{rng.randint(1, 40):02d}: " + title
        na = rng.randint(1, 3) if self.kind in ("report", "techreport") else rng.randint(2, 4)
        authors = []
        for _ in range(na):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            aff = rng.choice(AFFIL)
            if rng.random() < 0.7:
                mail = name.split()[1].lower() + "@" + rng.choice(["uni.edu", "inst.org",
                                                                   "research.com"])
                authors.append(fill(r"@\\ @\\ \texttt{@}", name, tex(aff), mail))
            else:
                authors.append(fill(r"@\\ @", name, tex(aff)))
        months = {"en": ["March", "June", "September", "November"],
                  "de": ["März", "Juni", "September", "November"],
                  "fr": ["mars", "juin", "septembre", "novembre"]}[self.lang]
        date = f"{rng.choice(months)} {self.year}"
        return fill("\\title{@}\n\\author{@}\n\\date{@}\n", tex(title),
                    "\n\\and\n".join(authors), date)

    def abstract(self) -> None:
        text = " ".join(self.sentence(cite=False) for _ in range(self.rng.randint(4, 7)))
        self.body.append(fill("\\begin{abstract}\n@\n\\end{abstract}\n", text))

    def build_paper(self) -> None:
        rng = self.rng
        heads = {"ml": ["Introduction", "Related Work", "Method", "Experiments", "Conclusion"],
                 "clinical": ["Introduction", "Methods", "Results", "Discussion"],
                 "econ": ["Introduction", "Data", "Empirical Strategy", "Results",
                          "Conclusion"],
                 "eng": ["Introduction", "Materials and Methods", "Results", "Discussion",
                         "Conclusions"]}[self.domain]
        self.abstract()
        refs: list[str] = []
        n_tables = rng.randint(2, 4) if not self.twocol else rng.randint(2, 5)
        made = 0
        result_secs = {"ml": ["Experiments"], "clinical": ["Results"],
                       "econ": ["Data", "Results"], "eng": ["Results"]}[self.domain]
        for h in heads:
            self.heading(h)
            if h in result_secs:
                k = max(1, n_tables // len(result_secs))
                self.para(rng.randint(2, 4))
                for j in range(k):
                    if made >= n_tables:
                        break
                    if rng.random() < 0.2 and made + 2 <= n_tables + 1 and \
                            not self.paired and self.side_by_side(*self.small_pair()):
                        self.paired = True
                        made += 2
                        self.para(rng.randint(2, 4), refs)
                        continue
                    wide = (self.twocol and rng.random() < 0.3) or rng.random() < 0.12
                    t = self.domain_table(wide=wide)
                    self.float_table(t, star=self.twocol and (wide or t.ncols >= 6), refs=refs)
                    made += 1
                    if j == 0 and rng.random() < 0.4:
                        self.subheading()
                    self.para(rng.randint(2, 5), refs)
                if rng.random() < 0.5:
                    self.chart()
            elif h in ("Method", "Empirical Strategy", "Materials and Methods", "Methods"):
                self.para(rng.randint(3, 5))
                self.equations()
                self.para(rng.randint(2, 4))
                if rng.random() < 0.5 and self.domain in ("ml", "eng"):
                    self.algorithm()
                if rng.random() < 0.3:
                    self.symbols()
                if self.domain in ("ml", "eng") and rng.random() < 0.35 and made < n_tables:
                    self.float_table(self.t_params(), star=self.twocol and rng.random() < 0.5,
                                     refs=refs)
                    made += 1
                self.para(rng.randint(2, 4))
            elif h == "Introduction":
                self.para(rng.randint(3, 6))
                if rng.random() < 0.6:
                    self.items()
                self.para(rng.randint(2, 4))
                if rng.random() < 0.25:
                    self.placeholder()
            else:
                self.para(rng.randint(2, 6))
                if rng.random() < 0.3:
                    self.items()
        self.bibliography()

    def small_pair(self) -> tuple[Table, Table]:
        """Two small tables of different kinds (side by side)."""
        if self.domain == "ml":
            return self.t_small("data"), self.t_small("hyper")
        a = self.t_small("summary")
        return a, self.t_small("summary", avoid=a.head[0][0][1].text)

    def subheading(self) -> None:
        self.heading(self.rng.choice(["Ablation study", "Analysis", "Sensitivity analysis",
                                      "Robustness checks", "Subgroup analysis",
                                      "Comparison with baselines"]), 2)

    def build_report(self) -> None:
        rng = self.rng
        lang = self.lang
        chap = {"en": ["Introduction", "Results", "Regional Detail", "Methodology"],
                "de": ["Einleitung", "Ergebnisse", "Regionale Ergebnisse", "Methodik"],
                "fr": ["Introduction", "Résultats", "Résultats régionaux", "Méthodologie"]}[lang]
        secs = {"en": ["Overview", "Key findings", "Trends", "Data sources", "Definitions",
                       "Detailed results"],
                "de": ["Überblick", "Wichtigste Ergebnisse", "Entwicklung", "Datenquellen",
                       "Begriffe"],
                "fr": ["Vue d'ensemble", "Principaux résultats", "Évolution", "Sources",
                       "Définitions"]}[lang]
        report = self.kind == "report"
        if report or rng.random() < 0.5:
            self.body.append(r"\tableofcontents" + "\n")
            if rng.random() < (0.3 if report else 0.5):
                self.body.append(r"\listoftables" + "\n")
            if not report and rng.random() < 0.5:
                self.body.append(r"\clearpage" + "\n")
        elif rng.random() < 0.6:
            self.abstract()
        refs: list[str] = []
        n_ch = rng.randint(2, 3) if report else rng.randint(3, 4)
        used_long = False
        for ci in range(n_ch):
            self.heading(chap[ci], 0 if report else 1)
            self.para(rng.randint(2, 5))
            if ci == 0:
                if rng.random() < 0.6:
                    self.items()
                if report:  # a chapter starts a page: the summary figures on it
                    self.float_table(self.t_small() if self.domain == "stats" else
                                     self.domain_table(), refs=refs)
                    self.para(rng.randint(2, 4), refs)
                elif rng.random() < 0.4:
                    self.chart()
                continue
            for sec in rng.sample(secs, rng.randint(1, 2)):
                self.heading(sec, 1 if report else 2)
                self.para(rng.randint(1, 4), refs if refs else None)
                r = rng.random()
                if not used_long and r < 0.22:
                    used_long = True
                    self.long_table(self.t_long())
                elif r < 0.3 and not self.twocol:
                    self.float_table(self.domain_table(wide=True), refs=refs)
                elif r < 0.4 and report:
                    self.landscape_table(self.domain_table(wide=True))
                else:
                    self.float_table(self.domain_table(), refs=refs)
                    if rng.random() < 0.25:
                        self.float_table(self.domain_table(), refs=refs)
                self.para(rng.randint(2, 4), refs)
                if rng.random() < (0.12 if report else 0.25):
                    self.chart()
            if rng.random() < 0.3:
                self.items()
        if rng.random() < (0.2 if report else 0.5):  # an appendix: parameters or definitions
            self.body.append(r"\appendix" + "\n")
            if report:
                self.chapter = 0
                self.body.append(fill(r"\chapter{@}", tex({"en": "Technical notes",
                                                        "de": "Technische Hinweise",
                                                        "fr": "Notes techniques"}[lang])) + "\n")
                self.ntab = 0
                self.prefix = "A."
            else:
                self.section = 0
                self.heading({"en": "Definitions", "de": "Begriffe", "fr": "Définitions"}[lang])
                if self.by_section:
                    self.prefix = "A."
            self.para(rng.randint(2, 3))
            if rng.random() < 0.5:
                self.symbols()
            elif lang == "en":
                self.float_table({"ml": self.t_params, "eng": self.t_params,
                                  "clinical": self.t_outcomes, "econ": self.t_descriptive,
                                  "stats": self.t_small}[self.domain](), refs=refs)

    def preamble(self) -> str:
        rng = self.rng
        cls = {"paper": "article", "paper2": "article", "report": "report",
               "techreport": "article"}[self.kind]
        opts = [f"{self.size}pt", self.paper]
        if self.twocol:
            opts.append("twocolumn")
        if cls == "report" and rng.random() < 0.7:
            opts.append("notitlepage")
        lines = [fill(r"\documentclass[@]{@}", ",".join(opts), cls)]
        if rng.random() < 0.3:
            lines.append(r"\pdfgentounicode=1 \input{glyphtounicode}")
        if self.font in ("lm", "lmss"):
            lines += [r"\usepackage[T1]{fontenc}", r"\usepackage{lmodern}"]
        lines.append(r"\usepackage[utf8]{inputenc}")
        if self.font in ("cm", "cmss"):  # the bullet of OMS, not TS1 (no cm-super here)
            lines.append(r"\renewcommand{\labelitemi}{$\bullet$}")
        if self.font in ("lmss", "cmss"):
            lines.append(r"\renewcommand{\familydefault}{\sfdefault}")
        if self.twocol:
            lines.append(fill(r"\usepackage[margin=@,columnsep=@]{geometry}", self.margin,
                              self.colsep))
        else:
            lines.append(fill(r"\usepackage[margin=@]{geometry}", self.margin))
        lines += [r"\usepackage{amsmath,amssymb}", r"\usepackage{booktabs}",
                  r"\usepackage{array,tabularx,longtable,dcolumn}", r"\usepackage{graphicx}"]
        if "xcolor" in self.packages:
            lines.append(r"\usepackage[table]{xcolor}")
        if "pdflscape" in self.packages:
            lines.append(r"\usepackage{pdflscape}")
        cap_opts = {"plain": "", "bf": "labelfont=bf", "period": "labelsep=period",
                    "skip": "skip=4pt,font=small", "top": ""}[self.cap_style]
        if self.cap_style != "plain" or "subcaption" in self.packages:
            lines.append(fill(r"\usepackage[@]{caption}", cap_opts) if cap_opts else
                         r"\usepackage{caption}")
            if self.cap_below_p < 0.5 and self.cap_style != "plain":
                lines.append(r"\captionsetup[table]{position=top}")
        if "subcaption" in self.packages:
            lines.append(r"\usepackage{subcaption}")
        if self.by_section:
            lines.append(r"\numberwithin{table}{section}")
        if rng.random() < 0.6:  # the usual loosening of LaTeX's float placement
            lines += [r"\renewcommand{\topfraction}{0.9}",
                      r"\renewcommand{\bottomfraction}{0.8}",
                      r"\renewcommand{\textfraction}{0.07}",
                      r"\renewcommand{\floatpagefraction}{0.8}"]
        if self.roman:
            lines.append(r"\renewcommand{\thetable}{\Roman{table}}")
        if self.kind in ("report", "techreport") and rng.random() < 0.6:
            lines += [r"\usepackage{fancyhdr}", r"\pagestyle{fancy}", r"\fancyhf{}",
                      fill(r"\lhead{\small @}", tex(rng.choice(
                          {"en": ["Technical Report", "Statistical Report", "Internal Report"],
                           "de": ["Statistischer Bericht", "Jahresbericht"],
                           "fr": ["Rapport annuel", "Rapport statistique"]}[self.lang]))),
                      fill(r"\rhead{\small @}", self.year), r"\cfoot{\thepage}"]
        if self.lang != "en":
            n = self.names
            lines += [fill(r"\renewcommand{\tablename}{@}", n["table"]),
                      fill(r"\renewcommand{\figurename}{@}", n["figure"]),
                      fill(r"\renewcommand{\contentsname}{@}", n["contents"]),
                      fill(r"\renewcommand{\listtablename}{@}", n["lot"]),
                      fill(r"\renewcommand{\abstractname}{@}", n["abstract"]),
                      fill(r"\renewcommand{\appendixname}{@}", n["appendix"])]
            if self.kind == "report":
                lines += [fill(r"\renewcommand{\chaptername}{@}", n["chapter"]),
                          fill(r"\renewcommand{\bibname}{@}", n["bib"])]
        # what multirow.sty's \multirow{n}{*}{text} does (the package is not installed here):
        # the text, of no height, lowered to the middle of the n rows it spans
        lines.append(r"\newcommand{\multirow}[3]{\smash{\raisebox{\dimexpr "
                     r"-0.5\normalbaselineskip*(#1-1)\relax}{#3}}}")
        return "\n".join(lines) + "\n"

    def build(self) -> str:
        """The document's LaTeX source (and ``self.tables``, in numbering order)."""
        self.body = []
        title = self.title_block()
        if self.kind in ("paper", "paper2"):
            self.build_paper()
        else:
            self.build_report()
        pre = self.preamble()
        src = pre + title + "\\begin{document}\n\\maketitle\n" + "\n".join(self.body) + \
            "\\end{document}\n"
        if self.ascii and not src.isascii():
            raise RuntimeError(f"seed {self.seed}: non-ASCII text in an OT1 document")
        return src


# ----------------------------------------------------------------------------- PDFs and truth
def pdflatex() -> str:
    exe = shutil.which("pdflatex")
    if exe is None:
        raise RuntimeError("no pdflatex on this machine (TeX Live: texlive-latex-recommended)")
    return exe


def compile_tex(src: str, timeout: int = 120) -> bytes:
    """pdfLaTeX's PDF of ``src``, run until its references settle (2-4 runs)."""
    env = dict(os.environ, MKTEXPK="0", MKTEXTFM="0", MKTEXMF="0",
               SOURCE_DATE_EPOCH="1700000000", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(prefix="latex_pages_") as tmp:
        Path(tmp, "doc.tex").write_text(src, encoding="utf-8")
        for run in range(4):
            p = subprocess.run([pdflatex(), "-interaction=nonstopmode", "-halt-on-error",
                                "doc.tex"], cwd=tmp, capture_output=True, timeout=timeout,
                               env=env)
            log = Path(tmp, "doc.log").read_text(encoding="latin-1") \
                if Path(tmp, "doc.log").exists() else ""
            if p.returncode != 0:
                err = [ln for ln in log.splitlines() if ln.startswith("!")]
                raise RuntimeError(f"pdflatex failed: {err[:3] or p.stdout[-800:]}")
            if run >= 1 and not re.search(r"Rerun|rerun", log):
                break
        if re.search(r"Font .* not (found|loadable)|mktexpk", log):
            raise RuntimeError("pdflatex: a font is missing")
        return Path(tmp, "doc.pdf").read_bytes()


def compile_all(srcs: dict[str, str], cache: Path) -> dict[str, bytes]:
    """PDF of each named source, from ``cache`` or compiled (in parallel) into it."""
    out: dict[str, bytes] = {}
    todo = {}
    for key, src in srcs.items():
        hit = cache / f"{key}.pdf"
        if hit.exists():
            out[key] = hit.read_bytes()
        else:
            todo[key] = src
    if todo:
        cache.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            made = dict(zip(todo, ex.map(compile_tex, todo.values()), strict=True))
        for key, pdf in made.items():
            (cache / f"{key}.pdf").write_bytes(pdf)
            out[key] = pdf
    return out


def page_texts(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    for page in doc:
        tp = page.get_textpage()
        out.append(norm(tp.get_text_range()))
        tp.close()
        page.close()
    doc.close()
    return out


def truth(doc: Doc, pdf: bytes, name: str) -> dict:
    """Tables of ``doc`` on the pages where pdfLaTeX set them (see the module docstring)."""
    texts = page_texts(pdf)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)
    whole = "".join(texts)

    def page_of(k: int) -> int:
        return bisect.bisect_right(starts, k) - 1

    tables = []
    for k, t in enumerate(doc.tables):
        cap = norm(t.caption)
        at = whole.find(cap)
        if at < 0 or whole.find(cap, at + 1) >= 0:
            raise RuntimeError(f"{name}: table {k + 1} caption found "
                               f"{'no' if at < 0 else 'more than one'} time in the PDF text")
        cp = page_of(at)
        cursor = starts[cp] if t.cap_below else at + len(cap)
        pages = []
        for i, row in enumerate(t.body):
            sig = _row_sig(row)
            hit = whole.find(sig, cursor)
            if not sig or hit < 0:
                raise RuntimeError(f"{name}: table {k + 1} row {i} not found in the PDF text")
            cursor = hit + len(sig)
            pages.append(page_of(hit))
        if t.cap_below and cursor > at:
            raise RuntimeError(f"{name}: table {k + 1}: rows found after its caption")
        if not t.long and set(pages) != {cp}:
            raise RuntimeError(f"{name}: table {k + 1}: rows not on the caption's page")
        for p in sorted(set(pages)):
            idx = [i for i, q in enumerate(pages) if q == p]
            tables.append({"page": p + 1, **t.truth(idx)})
    return {"source": f"bench/latex_pages.py seed {doc.seed}", "tables": tables,
            "pages_annotated": list(range(1, len(texts) + 1))}


def seeds(docs: int) -> list[int]:
    """Tuning seeds 0..docs-1, then validation seeds 1000..1000+docs-1."""
    return list(range(docs)) + list(range(VALIDATION_SEED, VALIDATION_SEED + docs))


def name_of(seed: int) -> str:
    return f"latex_{seed:04d}"


def _version() -> str:
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:10]


def write(out: Path, docs: int = 24) -> list[str]:
    """Write the documents of ``docs`` tuning and ``docs`` validation seeds under ``out``
    (pdfLaTeX's PDFs cached in ``out/cache`` by seed and this file's hash)."""
    made = {s: Doc(s) for s in seeds(docs)}
    keys = {s: f"{name_of(s)}_{_version()}" for s in made}
    pdfs = compile_all({keys[s]: d.build() for s, d in made.items()}, out / "cache")
    built = {s: (pdfs[keys[s]], truth(made[s], pdfs[keys[s]], name_of(s))) for s in made}
    return write_documents(out, [(name_of(s), s) for s in made], built.__getitem__)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=24, help="documents per part")
    ap.add_argument("--seed", type=int, help="only this seed (also writes its .tex)")
    args = ap.parse_args()
    if args.seed is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        d = Doc(args.seed)
        src = d.build()
        (args.out / f"{name_of(args.seed)}.tex").write_text(src, encoding="utf-8")
        pdf = compile_tex(src)
        write_one(args.out, name_of(args.seed), pdf, truth(d, pdf, name_of(args.seed)))
        return 0
    names = write(args.out, args.docs)
    print(f"{len(names)} documents under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
