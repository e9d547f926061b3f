"""The demo library: approved articles on kidney and metabolic topics around calciphylaxis, in both registers.

Written for Vetted's demo in our own words (not copied from any publisher), citing the demo reference library
(references/fixtures/demo.ris and demo-library.ris). The question box's evaluation set (eval/questions.json)
quotes these sections' headings: change a heading and update the set with it.

``WARFARIN`` is the content of the existing warfarin story (its steps stay in demo_content.py); ``LIBRARY``
lists new articles in the shape of ``demo_content.OTHER_ARTICLES``, each taken to Approved.
"""

APPROVED_BY_BOARD = [("submit", "editor", ""), ("start_review", "board", ""), ("approve", "board", "Accurate.")]
APPROVED_BY_BOARD2 = [
    ("submit", "editor2", ""),
    ("start_review", "board2", ""),
    ("approve", "board2", "Checked against the cited guideline."),
]

WARFARIN = {
    "slug": "warfarin-and-vitamin-k",
    "title": "How does warfarin interact with vitamin K?",
    "plain_title": "Warfarin and vitamin K: what you need to know",
    "headline": "A vitamin K antagonist whose effect depends on vitamin K intake, interacting drugs and the INR",
    "plain_headline": "How the blood thinner warfarin works, and why vitamin K in food matters",
    "also_called": "Coumadin; Marevan; vitamin K antagonist; VKA",
    "summary": (
        "Warfarin lowers clotting by blocking the recycling of vitamin K, so its effect changes with vitamin K "
        "intake and with many interacting drugs, and is monitored with the INR [@ansell2008; @holbrook2005]."
    ),
    "plain_summary": (
        "Warfarin is a blood thinner. It works against vitamin K, which the body needs to make blood clot. "
        "That is why the food you eat, other medicines and regular blood tests all matter when you take it "
        "[@ansell2008]."
    ),
    "sections": [
        {
            "heading": "Mechanism",
            "body": (
                "- Warfarin inhibits vitamin K epoxide reductase (VKORC1), so the liver makes clotting factors "
                "II, VII, IX and X, and the anticoagulant proteins C and S, in under-carboxylated, inactive "
                "forms [@ansell2008].\n"
                "- The full anticoagulant effect takes several days, because factors already circulating must "
                "be cleared; protein C falls first, which is why a parenteral anticoagulant is overlapped when "
                "warfarin is started for venous thrombosis [@ansell2008].\n"
                "- Vitamin K-dependent proteins outside coagulation are affected too, among them matrix Gla "
                "protein, an inhibitor of vascular calcification [@nigwekar2018]."
            ),
            "plain_heading": "How warfarin works",
            "plain_body": (
                "Warfarin is an anticoagulant, often called a blood thinner. The liver needs vitamin K to make "
                "the proteins that let blood clot, and warfarin stops the body from reusing vitamin K. Blood "
                "then takes longer to clot. It takes a few days to work fully, so some people have injections "
                "as well at first [@ansell2008]."
            ),
        },
        {
            "heading": "INR monitoring",
            "body": (
                "- The effect is measured with the international normalised ratio (INR). For most indications, "
                "such as atrial fibrillation and venous thromboembolism, the target range is 2.0 to 3.0; some "
                "mechanical heart valves need a higher range [@ansell2008].\n"
                "- The INR is checked often while the dose is found, then at longer intervals once stable. "
                "Dose requirements vary widely, partly with variants of CYP2C9 and VKORC1 [@ansell2008]."
            ),
            "plain_heading": "Blood tests (INR)",
            "plain_body": (
                "You will have regular blood tests called INR tests. They show how long your blood takes to "
                "clot. For most people the aim is an INR between 2 and 3. Tests are frequent when you start, "
                "and further apart once your dose is steady [@ansell2008]."
            ),
        },
        {
            "heading": "Dietary vitamin K and drug interactions",
            "body": (
                "- Large changes in vitamin K intake alter the INR: green leafy vegetables (kale, spinach, "
                "broccoli, Brussels sprouts), some vegetable oils and supplements. Advise a consistent intake "
                "rather than avoidance [@holbrook2005].\n"
                "- Many drugs potentiate warfarin, among them several antibiotics (co-trimoxazole, "
                "metronidazole, macrolides, fluoroquinolones), azole antifungals and amiodarone; rifampicin "
                "and carbamazepine reduce its effect [@holbrook2005].\n"
                "- NSAIDs and antiplatelet drugs raise the bleeding risk without necessarily changing the INR. "
                "St John's wort reduces the effect, and heavy alcohol intake destabilises it [@holbrook2005]."
            ),
            "plain_heading": "Food, drink and other medicines",
            "plain_body": (
                "Vitamin K is found in green leafy vegetables such as spinach, kale, broccoli and sprouts. You "
                "do not need to stop eating them: try to eat about the same amount each week, because a sudden "
                "big change can make warfarin work too much or too little [@holbrook2005].\n\n"
                "Many medicines change how warfarin works, including some antibiotics, painkillers such as "
                "ibuprofen and aspirin, and herbal remedies such as St John's wort. Ask your pharmacist before "
                "you start or stop any medicine. Avoid drinking a lot of alcohol [@holbrook2005]."
            ),
        },
        {
            "heading": "Over-anticoagulation and reversal",
            "body": (
                "- Bleeding is the main adverse effect; the risk rises with the INR [@ansell2008].\n"
                "- A raised INR without bleeding is managed by omitting doses and adjusting the dose; when the "
                "INR is markedly raised, low-dose oral vitamin K (phytomenadione) is added [@ansell2008].\n"
                "- Serious bleeding: stop warfarin, give intravenous vitamin K by slow infusion and replace the "
                "clotting factors rapidly (prothrombin complex concentrate or fresh frozen plasma) "
                "[@ansell2008]."
            ),
            "plain_heading": "Bleeding and what to do",
            "plain_body": (
                "The main risk of warfarin is bleeding. Warning signs are a nosebleed that will not stop, "
                "bleeding gums, red or dark brown urine, black or bloody poo, coughing or vomiting blood, and "
                "large bruises you cannot explain. Get urgent help for heavy bleeding, a bang to the head, or a "
                "sudden severe headache. If your INR is too high without bleeding, your doctor may tell you to "
                "skip doses or give you vitamin K, which undoes the effect of warfarin [@ansell2008]."
            ),
        },
        {
            "heading": "Warfarin in chronic kidney disease and dialysis",
            "body": (
                "- Advanced chronic kidney disease raises the bleeding risk on warfarin and makes the INR less "
                "stable.\n"
                "- Vitamin K antagonists are a recognised risk factor for calciphylaxis; when calciphylaxis "
                "develops, warfarin is usually stopped and another anticoagulant considered if one is still "
                "needed [@nigwekar2018; @nigwekar2015]."
            ),
            "plain_heading": "Warfarin and kidney problems",
            "plain_body": (
                "People with kidney failure bleed more easily on warfarin and need closer checks. Warfarin is "
                "also linked to calciphylaxis, a rare and serious skin condition in people on dialysis. If it "
                "develops, doctors usually stop warfarin and choose another way to prevent clots if one is "
                "still needed [@nigwekar2018]."
            ),
        },
    ],
}


CKD = {
    "slug": "chronic-kidney-disease",
    "title": "What are the stages of chronic kidney disease?",
    "plain_title": "Chronic kidney disease and its stages",
    "headline": "Classification by cause, GFR category and albuminuria category, and what each stage implies",
    "plain_headline": "What it means when the kidneys slowly lose their function",
    "also_called": "CKD; chronic renal failure; chronic renal insufficiency",
    "summary": (
        "Chronic kidney disease (CKD) is an abnormality of kidney structure or function present for more than "
        "three months, with implications for health. It is classified by cause, GFR category (G1 to G5) and "
        "albuminuria category (A1 to A3) [@kdigo2024ckd]."
    ),
    "plain_summary": (
        "Chronic kidney disease means the kidneys have been damaged, or have worked less well, for at least "
        "three months. Most people have no symptoms at first. Blood and urine tests show how well the kidneys "
        "work and which stage the disease has reached [@kdigo2024ckd]."
    ),
    "sections": [
        {
            "heading": "Definition and classification",
            "body": (
                "- CKD is defined by an eGFR below 60 mL/min/1.73 m², or markers of kidney damage such as "
                "albuminuria (urine albumin-to-creatinine ratio, ACR, of 30 mg/g [3 mg/mmol] or more), "
                "structural abnormalities or a kidney transplant, for more than three months [@kdigo2024ckd].\n"
                "- GFR categories [@kdigo2024ckd]:\n"
                "\n"
                "| Category | eGFR (mL/min/1.73 m²) | Description |\n"
                "|---|---|---|\n"
                "| G1 | 90 or more | Normal or high |\n"
                "| G2 | 60 to 89 | Mildly decreased |\n"
                "| G3a | 45 to 59 | Mildly to moderately decreased |\n"
                "| G3b | 30 to 44 | Moderately to severely decreased |\n"
                "| G4 | 15 to 29 | Severely decreased |\n"
                "| G5 | Less than 15 | Kidney failure |\n"
                "\n"
                "Albuminuria categories: A1 below 30 mg/g (3 mg/mmol), A2 30 to 300 mg/g (3 to 30 mg/mmol), "
                "A3 above 300 mg/g (30 mg/mmol). Risk of progression and of cardiovascular events rises with "
                "both the G and the A category [@kdigo2024ckd]."
            ),
            "plain_heading": "The stages of kidney disease",
            "plain_body": (
                "Doctors describe kidney disease in five stages, based on a blood test result called eGFR, "
                "which estimates how much blood the kidneys clean each minute [@kdigo2024ckd]:\n\n"
                "- stages 1 and 2: the kidneys still work normally or nearly normally, but there are signs of "
                "damage, such as protein in the urine;\n"
                "- stage 3 (split into 3a and 3b): kidney function is moderately reduced;\n"
                "- stage 4: kidney function is severely reduced;\n"
                "- stage 5: kidney failure, with an eGFR below 15. This is when dialysis or a transplant may be "
                "needed.\n\n"
                "The amount of protein (albumin) in the urine is measured too: the more protein, the higher the "
                "risk that the disease will get worse."
            ),
        },
        {
            "heading": "Symptoms and detection",
            "body": (
                "- CKD is usually asymptomatic until it is advanced; it is found by testing eGFR and urine ACR "
                "in people at risk, including those with diabetes, hypertension, cardiovascular disease or a "
                "family history of kidney failure [@kdigo2024ckd].\n"
                "- Creatinine-based eGFR is the first test; cystatin C improves accuracy where a decision "
                "depends on it [@kdigo2024ckd].\n"
                "- Late features include fatigue, pruritus, anorexia, nausea, oedema, dyspnoea and nocturia."
            ),
            "plain_heading": "Symptoms and tests",
            "plain_body": (
                "Early on most people feel completely well. Later, kidney disease can cause tiredness, itchy "
                "skin, feeling sick, a poor appetite, swollen ankles, breathlessness and needing to pee at "
                "night. A blood test (eGFR) and a urine test for protein find it early. People with diabetes or "
                "high blood pressure should have both tests regularly [@kdigo2024ckd]."
            ),
        },
        {
            "heading": "Causes and risk factors",
            "body": (
                "- Diabetes and hypertension are the leading causes; others include glomerulonephritis, "
                "polycystic kidney disease, urinary tract obstruction, recurrent pyelonephritis and "
                "nephrotoxic drugs [@kdigo2024ckd].\n"
                "- Identifying the cause guides treatment and prognosis, and may need imaging, serology or a "
                "kidney biopsy [@kdigo2024ckd]."
            ),
            "plain_heading": "What causes it",
            "plain_body": (
                "The most common causes are diabetes and high blood pressure. Others are inflammation of the "
                "kidneys' filters, inherited conditions such as polycystic kidney disease, blockages in the "
                "urinary system, repeated kidney infections, and some medicines [@kdigo2024ckd]."
            ),
        },
        {
            "heading": "Slowing progression",
            "body": (
                "- Control blood pressure; use an ACE inhibitor or angiotensin receptor blocker at the maximum "
                "tolerated dose when there is albuminuria [@kdigo2024ckd].\n"
                "- An SGLT2 inhibitor is recommended for adults with CKD and an eGFR of 20 or more who have type "
                "2 diabetes, an ACR of 200 mg/g or more, or heart failure, and suggested for others with an eGFR "
                "of 20 to 45 [@kdigo2024ckd].\n"
                "- Statins reduce cardiovascular risk; stop smoking, keep active, and avoid nephrotoxins such "
                "as long-term NSAIDs; temporarily withhold some drugs during acute illness [@kdigo2024ckd]."
            ),
            "plain_heading": "Slowing it down",
            "plain_body": (
                "You can often slow kidney disease down. Keep your blood pressure under control and take the "
                "medicines that protect the kidneys, as prescribed. Stop smoking, stay active, and do not take "
                "anti-inflammatory painkillers such as ibuprofen regularly unless your doctor agrees. Ask your "
                "team which tablets to pause if you become ill with vomiting or diarrhoea [@kdigo2024ckd]."
            ),
        },
        {
            "heading": "Complications and planning for kidney failure",
            "body": (
                "- Complications increase as GFR falls: anaemia, CKD-mineral and bone disorder, hyperkalaemia, "
                "metabolic acidosis and, above all, cardiovascular disease [@kdigo2024ckd; @kdigo2017].\n"
                "- People likely to reach G5 should be prepared in good time for kidney replacement therapy "
                "(dialysis or transplantation) or for conservative kidney management [@kdigo2024ckd]."
            ),
            "plain_heading": "When the kidneys fail",
            "plain_body": (
                "As kidney disease gets worse it can cause anaemia, weak bones and a high potassium level, and "
                "it raises the risk of heart disease. If your kidneys are likely to fail, your team will talk "
                "with you well in advance about the choices: dialysis, a kidney transplant, or supportive care "
                "without dialysis [@kdigo2024ckd]."
            ),
        },
    ],
}


HYPERKALAEMIA = {
    "slug": "hyperkalaemia",
    "title": "What is hyperkalaemia?",
    "plain_title": "High potassium in the blood",
    "headline": "A raised serum potassium: an emergency when severe or when the ECG changes",
    "plain_headline": "Why a high potassium level can be dangerous, and how it is treated",
    "also_called": "hyperkalemia; high potassium; raised potassium",
    "summary": (
        "Hyperkalaemia is a serum potassium of 5.5 mmol/L or more; 6.5 mmol/L or more is severe and can cause "
        "fatal arrhythmias. It is common in chronic kidney disease and with drugs that block the "
        "renin-angiotensin-aldosterone system [@ukka2020hyperkalaemia; @kovesdy2014]."
    ),
    "plain_summary": (
        "Hyperkalaemia means too much potassium in the blood. A little too much often causes no symptoms, but "
        "a very high level can make the heart beat irregularly or stop, and needs treatment in hospital "
        "straight away [@ukka2020hyperkalaemia]."
    ),
    "sections": [
        {
            "heading": "Definition and causes",
            "body": (
                "- Severity: mild 5.5 to 5.9 mmol/L, moderate 6.0 to 6.4 mmol/L, severe 6.5 mmol/L or more "
                "[@ukka2020hyperkalaemia].\n"
                "- Reduced excretion (chronic kidney disease, acute kidney injury); drugs such as ACE "
                "inhibitors, angiotensin receptor blockers, mineralocorticoid receptor antagonists, "
                "potassium-sparing diuretics, trimethoprim and NSAIDs; shifts out of cells (acidosis, insulin "
                "deficiency); and tissue breakdown [@kovesdy2014].\n"
                "- Consider pseudohyperkalaemia (a haemolysed or delayed sample) and repeat the test, but do not "
                "delay emergency treatment of severe hyperkalaemia or an abnormal ECG for it "
                "[@ukka2020hyperkalaemia]."
            ),
            "plain_heading": "Why potassium gets too high",
            "plain_body": (
                "The kidneys normally get rid of the potassium the body does not need. When they work less "
                "well, potassium builds up. Some medicines for blood pressure and heart failure, and some "
                "water tablets, make this more likely. Sometimes a blood sample gives a falsely high reading, "
                "so the test may be repeated [@kovesdy2014]."
            ),
        },
        {
            "heading": "Clinical features and ECG",
            "body": (
                "- Often asymptomatic; there may be muscle weakness, paraesthesia, flaccid paralysis or "
                "palpitations [@ukka2020hyperkalaemia].\n"
                "- ECG changes include peaked T waves, a prolonged PR interval, flattened P waves, a broad QRS "
                "complex and a sine-wave pattern, progressing to ventricular fibrillation or asystole. The "
                "ECG does not reliably reflect the potassium concentration: a normal ECG does not exclude "
                "danger [@ukka2020hyperkalaemia]."
            ),
            "plain_heading": "Symptoms",
            "plain_body": (
                "Many people have no symptoms. A very high potassium level can cause weak or heavy muscles, "
                "tingling, and a fluttering or irregular heartbeat, and it can make the heart stop. If you "
                "have been told your potassium is high and you get these symptoms, call an ambulance "
                "[@ukka2020hyperkalaemia]."
            ),
        },
        {
            "heading": "Emergency treatment",
            "body": (
                "- Protect the myocardium: intravenous calcium (calcium gluconate or calcium chloride) when "
                "there are ECG changes; it does not lower potassium [@ukka2020hyperkalaemia].\n"
                "- Shift potassium into cells: intravenous insulin with glucose, with glucose monitoring for "
                "hypoglycaemia for several hours, and nebulised salbutamol as an adjunct "
                "[@ukka2020hyperkalaemia].\n"
                "- Remove potassium: a potassium binder, and dialysis for refractory hyperkalaemia or kidney "
                "failure [@ukka2020hyperkalaemia]."
            ),
            "plain_heading": "Emergency treatment in hospital",
            "plain_body": (
                "In hospital your heart is watched on a monitor. An injection of calcium protects the heart. "
                "Insulin given with sugar into a vein, and sometimes an inhaled medicine called salbutamol, "
                "move potassium out of the blood into the body's cells. Medicines that bind potassium in the "
                "gut, or dialysis, then remove it from the body [@ukka2020hyperkalaemia]."
            ),
        },
        {
            "heading": "Long-term management in chronic kidney disease",
            "body": (
                "- Review contributing drugs and dietary potassium (with a renal dietitian), and correct "
                "metabolic acidosis; a loop or thiazide diuretic may help [@kovesdy2014].\n"
                "- The newer potassium binders patiromer and sodium zirconium cyclosilicate can lower "
                "potassium enough to continue renin-angiotensin system inhibitors that protect the kidney "
                "and heart [@kovesdy2014; @kdigo2024ckd]."
            ),
            "plain_heading": "Keeping potassium down day to day",
            "plain_body": (
                "A kidney dietitian can help you cut down on foods rich in potassium, such as bananas, "
                "potatoes, tomatoes, oranges, dried fruit and chocolate, without giving up a healthy diet. "
                "Boiling vegetables removes some potassium. Avoid salt substitutes, which often contain "
                "potassium. Your doctor may also prescribe a medicine that binds potassium, so that you can "
                "keep taking the tablets that protect your kidneys and heart [@kovesdy2014]."
            ),
        },
    ],
}


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


def _approved(content: dict, steps: list) -> dict:
    """An OTHER_ARTICLES entry: written by whoever submits it, taken to Approved by ``steps``."""
    content = {**content, "change_note": "First version, written for the demo."}
    return {"slug": content["slug"], "author": steps[0][1], "content": content, "steps": steps}


# In the order they are approved: the home page lists the eight most recently published articles, so the last
# ones here (with warfarin and calciphylaxis, seeded after them) are the ones it shows.
LIBRARY = [
    _approved(ANAEMIA, APPROVED_BY_BOARD),
    _approved(TRANSPLANT, APPROVED_BY_BOARD2),
    _approved(DIABETIC_KIDNEY_DISEASE, APPROVED_BY_BOARD),
    _approved(PHOSPHATE_BINDERS, APPROVED_BY_BOARD2),
    _approved(HYPERPARATHYROIDISM, APPROVED_BY_BOARD),
    _approved(HYPERKALAEMIA, APPROVED_BY_BOARD2),
    _approved(CKD, APPROVED_BY_BOARD),
]
