"""Demo article text, written for Vetted's demo (not copied from any publisher)."""

from editorial.demo_library import LIBRARY, WARFARIN

CALCIPHYLAXIS = {
    "slug": "calciphylaxis",
    "title": "What is calciphylaxis?",
    "plain_title": "What is calciphylaxis?",
    "headline": "A rare and life-threatening calcification of small blood vessels in the skin and fat",
    "plain_headline": "A rare, serious illness that causes painful sores on the skin",
    "also_called": "calcific uraemic arteriolopathy; CUA",
    "summary": (
        "Calciphylaxis is an uncommon and often fatal disorder in which calcium is deposited in the walls "
        "of small blood vessels of the fat and skin, cutting off blood flow and causing painful skin "
        "ulcers. It occurs mostly in people with kidney failure who are treated with dialysis "
        "[@nigwekar2018; @nigwekar2015]."
    ),
    "plain_summary": (
        "Calciphylaxis is a rare, serious illness. Calcium builds up inside tiny blood vessels under the "
        "skin. The skin then does not get enough blood, and painful sores form. It mostly affects people "
        "whose kidneys have failed and who need dialysis [@nigwekar2018]."
    ),
    "change_note": "First version, written for the demo.",
    "sections": [
        {
            "heading": "Definition and mechanism",
            "body": (
                "- Also called calcific uremic arteriolopathy, calciphylaxis combines calcification of the "
                "arteriolar media, intimal fibrosis and thrombosis in dermal and subcutaneous vessels, which "
                "leads to ischemic necrosis [@nigwekar2015; @brandenburg2017].\n"
                "- Disordered mineral metabolism in advanced chronic kidney disease is a major driver; the "
                "condition is regarded as a severe expression of CKD-MBD [@kdigo2017]."
            ),
            "plain_heading": "What happens in the body",
            "plain_body": (
                "Calcium that should stay in the bones collects in the walls of very small blood vessels. "
                "The vessels narrow and clot, and the skin and fat they feed begin to die [@nigwekar2015]."
            ),
        },
        {
            "heading": "Clinical presentation",
            "body": (
                "- Exquisitely painful plaques or nodules, often with livedo-like purpura, progress to "
                "non-healing ulcers with black eschar [@nigwekar2018].\n"
                "- Lesions favour areas rich in fat: thighs, abdomen and buttocks; distal lesions on the legs "
                "are also common [@brandenburg2017; @homehd2020]."
            ),
            "plain_heading": "Signs to look for",
            "plain_body": (
                "The first sign is often very painful, hard, purple patches on the skin. These can turn into "
                "open sores that do not heal, usually on the thighs, belly or legs [@nigwekar2018]."
            ),
        },
        {
            "heading": "Risk factors",
            "body": (
                "- Kidney failure treated with dialysis, female sex, obesity and diabetes [@nigwekar2015].\n"
                "- Vitamin K antagonists such as warfarin, calcium-based phosphate binders and high-dose "
                "vitamin D [@nigwekar2018; @brandenburg2017].\n"
                "- Low-turnover (adynamic) bone disease and hypoalbuminaemia [@nefrologia2008]."
            ),
            "plain_heading": "Who is at risk",
            "plain_body": (
                "People on dialysis are most at risk, especially women, people with diabetes or obesity, and "
                "people who take the blood thinner warfarin [@nigwekar2015]."
            ),
        },
        {
            "heading": "Diagnosis",
            "body": (
                "- Diagnosis is clinical in a patient with typical painful lesions and risk factors; skin "
                "biopsy can support it but carries a risk of new ulceration and has limited sensitivity "
                "[@nigwekar2018].\n"
                "- Serum calcium, phosphate and parathyroid hormone concentrations do not confirm or exclude "
                "the diagnosis [@nigwekar2015]."
            ),
            "plain_heading": "How doctors find it",
            "plain_body": (
                "Doctors usually recognise it from how the skin looks and feels. Sometimes they take a small "
                "piece of skin to look at under a microscope [@nigwekar2018]."
            ),
        },
        {
            "heading": "Treatment",
            # A nested list written as writers type it (two spaces), and a dose table.
            "body": (
                "- Multidisciplinary care [@nigwekar2018]:\n"
                "  - wound care, with removal of dead tissue where the wound team advises it;\n"
                "  - pain control, which often needs opioids;\n"
                "  - prevention and early treatment of wound infection.\n"
                "- Stop vitamin K antagonists and calcium-containing binders where possible; optimise "
                "dialysis and mineral management [@kdigo2017; @nigwekar2015].\n"
                "- Intravenous sodium thiosulfate is widely used although controlled evidence is limited "
                "[@nigwekar2018; @homehd2020]. The usual adult regimen:\n"
                "\n"
                "| Patient | Dose | How it is given | How often |\n"
                "|---|---|---|---|\n"
                "| Adult on haemodialysis | 25 g | Intravenous infusion over 30 to 60 minutes, after the "
                "dialysis session | Three times weekly |\n"
                "| Adult not on haemodialysis | No established regimen | Agreed with the nephrology team "
                "| Agreed with the nephrology team |\n"
                "\n"
                "Nausea, vomiting and metabolic acidosis are the common adverse effects [@nigwekar2018]."
            ),
            "plain_heading": "Treatment",
            "plain_body": (
                "A team of specialists cares for the wounds and the pain. Doctors may stop some medicines, "
                "change dialysis, and give a medicine called sodium thiosulfate through a vein, usually three "
                "times a week after dialysis [@nigwekar2018]."
            ),
        },
        {
            "heading": "Prognosis",
            "body": (
                "- Mortality is high, mostly from sepsis arising in infected wounds; early recognition and "
                "coordinated care may improve outcomes [@brandenburg2017; @nefrologia2008]."
            ),
            "plain_heading": "What to expect",
            "plain_body": (
                "Calciphylaxis is very serious and can be life-threatening, mainly because the sores can "
                "become infected. Getting care early helps [@brandenburg2017]."
            ),
        },
    ],
}

# The newer revision that sits Under Review: its wording must never appear on a public page.
CALCIPHYLAXIS_UPDATE = {
    "change_note": (
        "Update the summary with registry mortality figures, and mark the retracted sodium thiosulfate trial "
        "(under board review)."
    ),
    "summary": (
        "Calciphylaxis is an uncommon disorder of small-vessel calcification. UNDER-REVIEW-TEXT: registry "
        "data suggest one-year mortality above 50 percent [@brandenburg2017]."
    ),
    "plain_summary": (
        "Calciphylaxis is a rare, serious illness. UNDER-REVIEW-TEXT: about half of people with it die within "
        "a year [@brandenburg2017]."
    ),
}


def _simple(slug, title, summary, heading, body):
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "sections": [{"heading": heading, "body": body}],
    }


TO_REVIEW = [("submit", "editor", ""), ("start_review", "board", "")]

OTHER_ARTICLES = [
    *LIBRARY,  # approved articles for the question box's evaluation set (editorial/demo_library.py)
    {
        "slug": "warfarin-and-vitamin-k",
        "content": WARFARIN,
        "steps": [("submit", "editor", ""), ("start_review", "board", ""), ("approve", "board2", "")],
        # A second approved revision, so that the first one shows as Superseded. Its review was started by
        # board2, who asked for changes; board approved the resubmission, and board2 later confirmed the
        # approved text still current: the public page credits each with their own part.
        "update_steps": [
            ("submit", "editor", ""),
            ("start_review", "board2", ""),
            ("request_changes", "board2", "Please say which clotting factors depend on vitamin K."),
            ("submit", "editor", "The factors are named in the Mechanism section."),
            ("start_review", "board", ""),
            ("approve", "board", ""),
        ],
        "confirm_current": ("board2", "Checked against the current anticoagulation guidance: still accurate."),
    },
    {
        "slug": "ckd-mbd",
        "content": _simple(
            "ckd-mbd",
            "What is CKD-mineral and bone disorder?",
            "A systemic disorder of mineral and bone metabolism caused by chronic kidney disease [@kdigo2017].",
            "Overview",
            "Abnormal calcium, phosphate, parathyroid hormone and vitamin D metabolism, bone changes and "
            "vascular calcification occur together [@kdigo2017].",
        ),
        "steps": [("submit", "editor", "")],
    },
    {
        "slug": "sodium-thiosulfate",
        "content": _simple(
            "sodium-thiosulfate",
            "What is sodium thiosulfate used for?",
            "An intravenous medicine used off-label in calciphylaxis [@nigwekar2018].",
            "Uses",
            "Cyanide poisoning and, off-label, calciphylaxis [@nigwekar2018].",
        ),
        "steps": TO_REVIEW,
    },
    {
        "slug": "dialysis-basics",
        "content": _simple(
            "dialysis-basics",
            "What is dialysis?",
            "Dialysis removes waste and extra fluid when the kidneys have failed.",
            "Kinds of dialysis",
            "Haemodialysis filters blood through a machine; peritoneal dialysis uses the lining of the belly.",
        ),
        "steps": [],  # stays a draft
    },
    {
        "slug": "skin-biopsy",
        "content": _simple(
            "skin-biopsy",
            "What is a skin biopsy?",
            "A small sample of skin is removed and examined under a microscope.",
            "Procedure",
            "After local anaesthetic, a punch or blade removes a small piece of skin.",
        ),
        "steps": [*TO_REVIEW, ("request_changes", "board", "Please add sources for each statement.")],
    },
    {
        "slug": "hyperphosphataemia",
        "content": _simple(
            "hyperphosphataemia",
            "What is hyperphosphataemia?",
            "A high level of phosphate in the blood.",
            "Causes",
            "Most often chronic kidney disease.",
        ),
        "steps": [*TO_REVIEW, ("reject", "board2", "Out of scope for this library; merge into the CKD-MBD article.")],
    },
    {
        "slug": "calcinosis-cutis",
        "content": _simple(
            "calcinosis-cutis",
            "What is calcinosis cutis?",
            "Deposits of calcium salts in the skin [@nigwekar2015].",
            "Types",
            "Dystrophic, metastatic, idiopathic and iatrogenic forms are described.",
        ),
        "steps": [
            ("submit", "editor", ""),
            ("start_review", "board", ""),
            ("approve", "board", ""),
            ("withdraw", "chief", "Withdrawn pending a check of the classification against current sources."),
        ],
    },
]
