"""Demo library articles, hyperparathyroidism, phosphate binders and anaemia: see editorial/demo_library/__init__.py."""

HYPERPARATHYROIDISM = {
    "slug": "secondary-hyperparathyroidism",
    "title": "What is secondary hyperparathyroidism in chronic kidney disease?",
    "plain_title": "Overactive parathyroid glands in kidney disease",
    "headline": "Raised parathyroid hormone driven by phosphate retention, low calcitriol and low calcium in CKD",
    "plain_headline": "Why kidney disease can make the parathyroid glands overwork, and how it affects the bones",
    "also_called": "SHPT; renal hyperparathyroidism; secondary HPT",
    "summary": (
        "As kidney function declines, phosphate retention, rising FGF23, falling calcitriol and a tendency to "
        "low calcium stimulate the parathyroid glands. The result, part of CKD-mineral and bone disorder, "
        "harms bone and is linked to vascular calcification [@kdigo2017]."
    ),
    "plain_summary": (
        "The parathyroid glands in the neck control calcium in the blood. In kidney disease they often "
        "overwork and make too much parathyroid hormone (PTH), which can weaken the bones. Blood tests, "
        "medicines and sometimes an operation keep it in check [@kdigo2017]."
    ),
    "sections": [
        {
            "heading": "Pathophysiology",
            "body": (
                "- Reduced phosphate excretion raises FGF23, which lowers calcitriol synthesis; less calcitriol "
                "and a lower serum calcium stimulate PTH secretion and parathyroid hyperplasia [@kdigo2017].\n"
                "- Over time the glands can become nodular and less responsive to calcium and vitamin D "
                "[@kdigo2017]."
            ),
            "plain_heading": "Why it happens",
            "plain_body": (
                "You have four small parathyroid glands in your neck. Their hormone, PTH, keeps the calcium in "
                "your blood steady. When the kidneys fail, phosphate builds up, the kidneys make less active "
                "vitamin D, and calcium tends to fall. The glands respond by making more and more PTH, and "
                "they can grow bigger [@kdigo2017]."
            ),
        },
        {
            "heading": "Monitoring",
            "body": (
                "- From CKD G3a, measure serum calcium, phosphate, PTH and alkaline phosphatase, more often "
                "as CKD advances; act on trends rather than a single value [@kdigo2017].\n"
                "- In dialysis patients, keep intact PTH within about two to nine times the upper limit of "
                "normal for the assay [@kdigo2017]."
            ),
            "plain_heading": "Blood tests to keep an eye on it",
            "plain_body": (
                "Your kidney team checks calcium, phosphate and PTH in your blood regularly, more often as "
                "kidney disease gets worse. They look at how the results change over time rather than at one "
                "result alone [@kdigo2017]."
            ),
        },
        {
            "heading": "Medical treatment",
            "body": (
                "- Treat hyperphosphataemia and avoid hypercalcaemia; correct vitamin D deficiency "
                "[@kdigo2017].\n"
                "- In CKD G3a to G4, calcitriol and vitamin D analogues are not used routinely; reserve them "
                "for severe and progressive hyperparathyroidism [@kdigo2017].\n"
                "- On dialysis, lower PTH with a calcimimetic (cinacalcet, etelcalcetide), calcitriol or a "
                "vitamin D analogue, or a combination [@kdigo2017]."
            ),
            "plain_heading": "Treatment with medicines",
            "plain_body": (
                "Keeping phosphate down, with diet and phosphate binders, helps. For people on dialysis, "
                "doctors may add a medicine called a calcimimetic, such as cinacalcet, which tells the glands "
                "to make less PTH, or an active form of vitamin D [@kdigo2017]."
            ),
        },
        {
            "heading": "Parathyroidectomy",
            "body": (
                "- Suggested for severe hyperparathyroidism that does not respond to medical treatment "
                "[@kdigo2017].\n"
                "- After surgery, a rapid fall in calcium (hungry bone syndrome) needs close monitoring and "
                "calcium replacement. Parathyroidectomy has also been used in calciphylaxis with markedly "
                "raised PTH [@nigwekar2018]."
            ),
            "plain_heading": "Operation to remove the glands",
            "plain_body": (
                "If medicines do not work well enough, an operation can remove most of the parathyroid glands "
                "[@kdigo2017]. Afterwards calcium in the blood can drop quickly, so it is checked often and you "
                "may need calcium for a while."
            ),
        },
        {
            "heading": "Skeletal and vascular effects",
            "body": (
                "- High-turnover renal osteodystrophy (osteitis fibrosa) causes bone pain and raises fracture "
                "risk [@kdigo2017].\n"
                "- Disordered mineral metabolism contributes to vascular and valvular calcification and "
                "cardiovascular risk [@kdigo2017]."
            ),
            "plain_heading": "What it does to bones and arteries",
            "plain_body": (
                "Too much PTH takes calcium out of the bones, which can make them ache and break more easily. "
                "Calcium and phosphate can also settle in the walls of the arteries and make them stiff "
                "[@kdigo2017]."
            ),
        },
    ],
}


PHOSPHATE_BINDERS = {
    "slug": "phosphate-binders",
    "title": "How are phosphate binders used in chronic kidney disease?",
    "plain_title": "Phosphate binders: medicines that lower phosphate",
    "headline": "Calcium-based and calcium-free binders, taken with meals to limit phosphate absorption",
    "plain_headline": "Tablets taken with food to stop phosphate in the blood from getting too high",
    "also_called": "phosphorus binders; sevelamer; lanthanum carbonate; calcium acetate",
    "summary": (
        "Phosphate binders reduce the absorption of dietary phosphate in the gut. In CKD G3a to G5D they are "
        "used, with dietary advice, to lower a persistently or progressively raised serum phosphate toward "
        "normal [@kdigo2017]."
    ),
    "plain_summary": (
        "When the kidneys fail, phosphate from food builds up in the blood. Phosphate binders are tablets or "
        "powders you take with meals. They stick to the phosphate in food so that less of it gets into your "
        "blood [@kdigo2017]."
    ),
    "sections": [
        {
            "heading": "Indications",
            "body": (
                "- Treat persistently or progressively raised phosphate; binders are not started to prevent "
                "hyperphosphataemia [@kdigo2017].\n"
                "- Dietary phosphate restriction is combined with them, considering the source: phosphate "
                "additives in processed foods are absorbed almost completely, plant phosphate less so "
                "[@kdigo2017]."
            ),
            "plain_heading": "Why phosphate matters",
            "plain_body": (
                "Healthy kidneys remove the phosphate you do not need. In kidney failure it builds up, and over "
                "time high phosphate can cause itching, weaken the bones and harden the arteries. Cutting "
                "down on processed foods and fizzy drinks with phosphate additives helps, and a kidney "
                "dietitian can advise you [@kdigo2017]."
            ),
        },
        {
            "heading": "Types of binder",
            "body": (
                "- Calcium-based: calcium carbonate and calcium acetate. Restrict their dose in adults, because "
                "of the calcium load [@kdigo2017].\n"
                "- Calcium-free: sevelamer, lanthanum carbonate and iron-based binders (sucroferric "
                "oxyhydroxide, ferric citrate) [@kdigo2017].\n"
                "- Avoid long-term aluminium-containing binders, which are toxic [@kdigo2017]."
            ),
            "plain_heading": "Kinds of binders",
            "plain_body": (
                "Some binders contain calcium, such as calcium acetate and calcium carbonate. Others contain "
                "no calcium, such as sevelamer, lanthanum, and binders made with iron. Your team chooses one "
                "that suits your blood results and your other medicines [@kdigo2017]."
            ),
        },
        {
            "heading": "Administration",
            "body": (
                "- Take binders with meals and phosphate-containing snacks, matching the dose to the meal's "
                "phosphate content; a binder taken between meals binds little.\n"
                "- Binders can reduce the absorption of some drugs taken at the same time, such as "
                "ciprofloxacin and levothyroxine; separate the doses as the pharmacist advises."
            ),
            "plain_heading": "How to take them",
            "plain_body": (
                "Take your binder with your food: just before, during or straight after a meal or a snack. "
                "Taken on an empty stomach it does not work. Binders can stop some other medicines from being "
                "absorbed, so ask your pharmacist how far apart to take them."
            ),
        },
        {
            "heading": "Adverse effects",
            "body": (
                "- Gastrointestinal effects are the most common: constipation (calcium salts, sevelamer), "
                "nausea, and diarrhoea or dark stools with iron-based binders [@kdigo2017].\n"
                "- Calcium-based binders can cause hypercalcaemia and add to the calcium load, a concern for "
                "vascular calcification and in calciphylaxis [@kdigo2017; @nigwekar2018]."
            ),
            "plain_heading": "Side effects",
            "plain_body": (
                "The most common side effects are constipation, feeling sick and an upset stomach. Binders "
                "made with iron can turn your poo dark or black, which is expected. Binders with calcium can "
                "raise the calcium in your blood too much [@kdigo2017]."
            ),
        },
    ],
}


ANAEMIA = {
    "slug": "anaemia-in-ckd",
    "title": "How is anaemia managed in chronic kidney disease?",
    "plain_title": "Anaemia (low red blood cells) in kidney disease",
    "headline": "Iron repletion and erythropoiesis-stimulating agents, with haemoglobin targets that avoid harm",
    "plain_headline": "Why kidney disease can leave you tired and breathless, and how it is treated",
    "also_called": "anemia of CKD; renal anaemia; anaemia of chronic kidney disease",
    "summary": (
        "Anaemia is common in CKD and becomes more frequent as GFR falls, mainly because of erythropoietin "
        "deficiency and iron deficiency. Treatment replaces iron first, then uses erythropoiesis-stimulating "
        "agents within haemoglobin limits [@kdigo2012anaemia]."
    ),
    "plain_summary": (
        "Anaemia means too few red blood cells to carry oxygen around the body. It is common in kidney "
        "disease because damaged kidneys make less of the hormone that tells the body to make red blood "
        "cells. Iron and injections of that hormone can treat it [@kdigo2012anaemia]."
    ),
    "sections": [
        {
            "heading": "Causes and evaluation",
            "body": (
                "- Anaemia in CKD is haemoglobin below 13.0 g/dL in adult men and below 12.0 g/dL in adult "
                "women [@kdigo2012anaemia].\n"
                "- Causes include reduced erythropoietin production, absolute or functional iron deficiency, "
                "blood loss and inflammation [@kdigo2012anaemia].\n"
                "- Evaluate with a full blood count, reticulocyte count, ferritin, transferrin saturation "
                "(TSAT), vitamin B12 and folate [@kdigo2012anaemia]."
            ),
            "plain_heading": "Why it happens and how it feels",
            "plain_body": (
                "Healthy kidneys make a hormone called erythropoietin (EPO) that tells the bone marrow to make "
                "red blood cells. Damaged kidneys make less of it, and many people with kidney disease are "
                "also short of iron. Anaemia can make you tired, breathless, pale and cold, and make it hard "
                "to concentrate. A blood test shows it [@kdigo2012anaemia]."
            ),
        },
        {
            "heading": "Iron therapy",
            "body": (
                "- Give a trial of iron when TSAT is 30% or less and ferritin 500 ng/mL or less "
                "[@kdigo2012anaemia].\n"
                "- Oral iron is usually tried first in CKD not on dialysis; intravenous iron is preferred in "
                "haemodialysis [@kdigo2012anaemia]."
            ),
            "plain_heading": "Iron",
            "plain_body": (
                "Most people need iron first. If you are not on dialysis you may start with iron tablets, "
                "which can cause constipation or an upset stomach. People on haemodialysis usually have iron "
                "given into a vein during their dialysis session [@kdigo2012anaemia]."
            ),
        },
        {
            "heading": "Erythropoiesis-stimulating agents",
            "body": (
                "- Consider an ESA (epoetin, darbepoetin) when haemoglobin is below 10.0 g/dL after iron "
                "deficiency and other causes are corrected [@kdigo2012anaemia].\n"
                "- Do not use ESAs to keep haemoglobin above 11.5 g/dL in general, and never aim above "
                "13.0 g/dL: higher targets raise the risk of stroke, hypertension and vascular access "
                "thrombosis [@kdigo2012anaemia]."
            ),
            "plain_heading": "Injections to make more red blood cells",
            "plain_body": (
                "If iron is not enough, you may have injections of a man-made form of EPO, such as epoetin or "
                "darbepoetin, under the skin or during dialysis. The aim is to relieve symptoms, not to reach "
                "a normal level: pushing the blood count too high raises the risk of stroke and high blood "
                "pressure [@kdigo2012anaemia]."
            ),
        },
        {
            "heading": "Red cell transfusion",
            "body": (
                "- Avoid transfusion where possible, especially in transplant candidates, to minimise "
                "allosensitisation; use it when rapid correction is needed or ESAs are ineffective or unsafe "
                "[@kdigo2012anaemia]."
            ),
            "plain_heading": "Blood transfusions",
            "plain_body": (
                "Doctors try to avoid blood transfusions, especially if you might have a kidney transplant: a "
                "transfusion can make your body produce antibodies that make it harder to find a kidney that "
                "matches. A transfusion is still given when it is needed quickly [@kdigo2012anaemia]."
            ),
        },
    ],
}
