"""Demo library articles, transplant and diabetic kidney disease: see editorial/demo_library/__init__.py."""

TRANSPLANT = {
    "slug": "kidney-transplant",
    "title": "What does life after a kidney transplant involve?",
    "plain_title": "Having a kidney transplant",
    "headline": "The preferred kidney replacement therapy for suitable patients, and the long-term care it needs",
    "plain_headline": "A new kidney from a donor, and the care that follows",
    "also_called": "renal transplant; kidney transplantation; renal transplantation",
    "summary": (
        "For suitable patients with kidney failure, transplantation gives longer survival and better quality "
        "of life than dialysis. It requires lifelong immunosuppression and surveillance for rejection, "
        "infection, cancer and cardiovascular disease [@kdigo2020candidates; @kdigo2009transplant]."
    ),
    "plain_summary": (
        "A kidney transplant is an operation to give you a healthy kidney from a donor. For many people with "
        "kidney failure it is the best treatment, but it means taking medicines every day for life and "
        "having regular check-ups [@kdigo2009transplant]."
    ),
    "sections": [
        {
            "heading": "Donors and candidacy",
            "body": (
                "- Kidneys come from living or deceased donors; pre-emptive transplantation (before dialysis) "
                "from a living donor is the preferred treatment for suitable candidates [@kdigo2020candidates].\n"
                "- Candidates are assessed for cardiovascular disease, cancer, infection, frailty and "
                "adherence before listing [@kdigo2020candidates]."
            ),
            "plain_heading": "Where the kidney comes from",
            "plain_body": (
                "The new kidney can come from a living donor, often a relative or friend, or from a person who "
                "has died. Before you go on the waiting list you have tests of your heart and general health. "
                "The best results come from a living donor's kidney, ideally before you ever need dialysis "
                "[@kdigo2020candidates]."
            ),
        },
        {
            "heading": "Immunosuppression",
            "body": (
                "- Induction therapy at transplantation, then maintenance immunosuppression, commonly a "
                "calcineurin inhibitor (tacrolimus) with an antiproliferative agent (mycophenolate), with or "
                "without corticosteroids [@kdigo2009transplant].\n"
                "- Tacrolimus blood levels are monitored; many drugs interact with calcineurin inhibitors "
                "through CYP3A4 [@kdigo2009transplant]."
            ),
            "plain_heading": "Anti-rejection medicines",
            "plain_body": (
                "After the operation you take medicines that calm your immune system so it does not attack the "
                "new kidney, such as tacrolimus and mycophenolate. You take them every day for as long as the "
                "kidney works. Never stop or skip them without talking to your transplant team. Blood tests "
                "check the levels, and some medicines and grapefruit can interfere with them, so check before "
                "taking anything new [@kdigo2009transplant]."
            ),
        },
        {
            "heading": "Rejection and graft monitoring",
            "body": (
                "- Acute rejection is often asymptomatic and is detected by a rise in serum creatinine; "
                "creatinine is measured frequently in the first months, then at longer intervals for life "
                "[@kdigo2009transplant].\n"
                "- A kidney transplant biopsy is recommended before treating suspected acute rejection, "
                "unless it would delay treatment [@kdigo2009transplant]."
            ),
            "plain_heading": "Rejection",
            "plain_body": (
                "Rejection means your immune system attacks the new kidney. It often causes no symptoms and is "
                "found by your regular blood tests, which is why they matter. Contact your transplant team "
                "quickly if you pass much less urine, have a fever, or feel pain or swelling over the new "
                "kidney [@kdigo2009transplant]."
            ),
        },
        {
            "heading": "Long-term complications",
            "body": (
                "- Infection: prophylaxis against Pneumocystis and cytomegalovirus in the early months; avoid "
                "live vaccines [@kdigo2009transplant].\n"
                "- Cancer, especially skin cancer: sun protection and regular skin examination "
                "[@kdigo2009transplant].\n"
                "- Cardiovascular disease and new-onset diabetes after transplantation are common; screen and "
                "treat risk factors [@kdigo2009transplant]."
            ),
            "plain_heading": "Infections, skin cancer and other risks",
            "plain_body": (
                "Because your immune system is damped down, you catch infections more easily, and you should "
                "not have live vaccines. Skin cancer is more common: use sun cream, cover up in the sun, and "
                "show your doctor any new or changing skin spots. Heart disease and diabetes are also more "
                "likely, so blood pressure, cholesterol and blood sugar are checked [@kdigo2009transplant]."
            ),
        },
    ],
}


DIABETIC_KIDNEY_DISEASE = {
    "slug": "diabetic-kidney-disease",
    "title": "How is chronic kidney disease managed in diabetes?",
    "plain_title": "Diabetes and your kidneys",
    "headline": "Screening with eGFR and albuminuria, and layered treatment that protects the kidney and heart",
    "plain_headline": "How diabetes can damage the kidneys, and how to protect them",
    "also_called": "diabetic nephropathy; DKD; CKD in diabetes",
    "summary": (
        "Diabetes is the leading cause of kidney failure. Kidney disease in diabetes is found by yearly eGFR "
        "and urine albumin testing and treated in layers: lifestyle, glucose and blood pressure control, "
        "renin-angiotensin system blockade, SGLT2 inhibitors and, for some, further kidney-protective drugs "
        "[@kdigo2022diabetes]."
    ),
    "plain_summary": (
        "Over years, high blood sugar can damage the kidneys' filters. Yearly blood and urine tests catch it "
        "early, and healthy habits and the right medicines can protect your kidneys and heart "
        "[@kdigo2022diabetes]."
    ),
    "sections": [
        {
            "heading": "Screening",
            "body": (
                "- Screen with eGFR and urine albumin-to-creatinine ratio at least once a year: in type 2 "
                "diabetes from diagnosis, in type 1 diabetes from five years after diagnosis "
                "[@kdigo2022diabetes].\n"
                "- Confirm an abnormal ACR on repeat samples, because exercise, infection and fever raise it "
                "transiently [@kdigo2022diabetes]."
            ),
            "plain_heading": "Checking your kidneys",
            "plain_body": (
                "If you have diabetes, you should have a blood test and a urine test for your kidneys at least "
                "once a year. The urine test looks for a protein called albumin, an early sign of damage. One "
                "high result is checked again, because exercise or an infection can raise it for a while "
                "[@kdigo2022diabetes]."
            ),
        },
        {
            "heading": "Glycaemic and blood pressure control",
            "body": (
                "- Individualise the HbA1c target from below 6.5% (48 mmol/mol) to below 8.0% (64 mmol/mol), "
                "higher where hypoglycaemia risk is high [@kdigo2022diabetes].\n"
                "- Metformin can be used with an eGFR of 30 or more, at a reduced dose below 45 "
                "[@kdigo2022diabetes].\n"
                "- With hypertension and albuminuria, use an ACE inhibitor or angiotensin receptor blocker "
                "titrated to the highest tolerated dose, monitoring potassium and creatinine "
                "[@kdigo2022diabetes]."
            ),
            "plain_heading": "Blood sugar and blood pressure",
            "plain_body": (
                "Your team agrees a blood sugar (HbA1c) target with you; it is less strict if you are prone to "
                "hypos. Some diabetes tablets, such as metformin, need a lower dose or must be stopped when the "
                "kidneys work less well. Blood pressure tablets called ACE inhibitors or ARBs protect the "
                "kidneys when there is protein in the urine [@kdigo2022diabetes]."
            ),
        },
        {
            "heading": "Kidney-protective medicines",
            "body": (
                "- SGLT2 inhibitors are recommended in type 2 diabetes with CKD and an eGFR of 20 or more, and "
                "continued until dialysis or transplantation even if eGFR falls [@kdigo2022diabetes].\n"
                "- A GLP-1 receptor agonist is added when glycaemic targets are not met "
                "[@kdigo2022diabetes].\n"
                "- A non-steroidal mineralocorticoid receptor antagonist (finerenone) is suggested in type 2 "
                "diabetes with albuminuria despite maximum tolerated RAS blockade, with a normal potassium "
                "[@kdigo2022diabetes]."
            ),
            "plain_heading": "Medicines that protect the kidneys",
            "plain_body": (
                "Tablets called SGLT2 inhibitors (their names end in -gliflozin, such as dapagliflozin and "
                "empagliflozin) slow kidney damage and protect the heart in people with type 2 diabetes. You "
                "usually stop them for a short time if you are unwell and cannot eat or drink, or before an "
                "operation, as your team advises. Other medicines, such as weekly injections that also help "
                "with weight, or finerenone, may be added [@kdigo2022diabetes]."
            ),
        },
        {
            "heading": "Lifestyle",
            "body": (
                "- Protein intake of 0.8 g/kg/day for those not on dialysis; sodium below 2 g a day (about 5 g "
                "of salt) [@kdigo2022diabetes].\n"
                "- At least 150 minutes a week of moderate-intensity physical activity, weight loss where "
                "needed, and no tobacco [@kdigo2022diabetes]."
            ),
            "plain_heading": "Everyday habits that help",
            "plain_body": (
                "Eat less salt (under a teaspoon, about 5 g, a day), and do not eat more protein than you "
                "need. Aim for at least two and a half hours of moderate activity, such as brisk walking, each "
                "week. If you smoke, stopping is one of the best things you can do for your kidneys "
                "[@kdigo2022diabetes]."
            ),
        },
    ],
}
