"""Demo library articles, warfarin, chronic kidney disease and hyperkalaemia: see editorial/demo_library/__init__.py."""

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
