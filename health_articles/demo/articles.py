"""Original demo articles for the Health Answers site.

Written for this project (not copied from any source). Each article is a dict;
``body`` uses a compact notation that ``loader.build_body`` expands:

- ``("heading", "Text")`` or ``("heading", "Text|h3")``
- ``("paragraph", "Plain text; blank lines split paragraphs")`` or HTML
- ``("key_facts", [...])``, ``("symptoms", [...])``, ``("causes", [...])`` (a dict
  with title/intro/items also works for symptoms and causes)
- ``("treatment", [(step, detail), ...])``
- ``("see_doctor", (urgency, text[, title]))`` with urgency routine|urgent|emergency
- ``("faq", [(question, answer), ...])``, ``("quote", (quote, attribution))``
- ``("references", [ref(...), ...])``, ``("table", {"caption", "rows", "header"})``
- ``("search_box", (label, placeholder))``

References point to the home pages of public bodies with a generic title; they
are reading suggestions, not quotations.
"""

# Fictional people.
AUTHOR_PRIYA = "Priya Natarajan"
AUTHOR_TOM = "Tom Ellery"
AUTHOR_GRACE = "Grace Okafor"
AUTHOR_MARTA = "Marta Lind"
GP = "Dr Helen Marsh, GP"
SPORTS = "Dr Samuel Adeyemi, sports medicine physician"
NEURO = "Dr Lucía Ferrer, consultant neurologist"
PHYSICIAN = "Dr Aisha Rahman, consultant physician"
EMERGENCY = "Dr Owen Price, emergency medicine consultant"
MIDWIFE = "Jo Whitfield, registered midwife"

ACCESSED = "2025-05-01"

NHS = ("National Health Service", "https://www.nhs.uk/")
NICE = ("National Institute for Health and Care Excellence", "https://www.nice.org.uk/")
MEDLINEPLUS = (
    "MedlinePlus, U.S. National Library of Medicine",
    "https://medlineplus.gov/",
)
NINDS = (
    "National Institute of Neurological Disorders and Stroke",
    "https://www.ninds.nih.gov/",
)
NIAMS = (
    "National Institute of Arthritis and Musculoskeletal and Skin Diseases",
    "https://www.niams.nih.gov/",
)
WHO = ("World Health Organization", "https://www.who.int/")
BHF = ("British Heart Foundation", "https://www.bhf.org.uk/")
KIDNEY = ("National Kidney Foundation", "https://www.kidney.org/")


def ref(title, body):
    publisher, url = body
    return {"title": title, "publisher": publisher, "url": url, "accessed": ACCESSED}


def reviewed(last, due):
    return {"last_reviewed": last, "next_review_due": due}


ARTICLES = [
    {
        "slug": "muscle-spasms",
        "title": "Muscle spasms",
        "summary": (
            "A muscle spasm is a sudden movement of a muscle you did not ask it to "
            "make, from a tiny flicker under the skin to a hard, painful knot. Most "
            "are harmless and settle on their own."
        ),
        "also_known_as": [
            "muscle twitching",
            "muscle twitches",
            "muscle jerks",
            "involuntary muscle contractions",
        ],
        "tags": ["muscles", "nerves"],
        "author": AUTHOR_PRIYA,
        "reviewer": GP,
        **reviewed("2025-03-12", "2027-03-12"),
        "related": ["muscle-cramps", "eyelid-twitching", "magnesium-deficiency"],
        "body": [
            (
                "key_facts",
                [
                    "Spasms range from small twitches to strong, painful contractions.",
                    "Tiredness, caffeine, stress and hard exercise are the usual "
                    "triggers.",
                    "Twitches that come with weakness or muscle wasting need a "
                    "doctor's opinion.",
                ],
            ),
            ("heading", "What a spasm is"),
            (
                "paragraph",
                (
                    "Muscles normally tighten only when a nerve tells them to. In a "
                    "spasm a group of muscle fibres fires by itself. If only a few "
                    "fibres fire, you see a flicker under the skin, often in an "
                    "eyelid, thumb or calf. If the whole muscle tightens and stays "
                    "tight, it is a cramp, which can be painful for a few "
                    "minutes.\n\nSpasms are very common. Almost everyone has them from "
                    "time to time, and they rarely mean anything serious."
                ),
            ),
            (
                "symptoms",
                {
                    "title": "What it feels like",
                    "items": [
                        "a flicker, ripple or jump under the skin",
                        "a muscle that suddenly tightens and feels hard to the touch",
                        "a brief sharp pain, or soreness afterwards",
                        "twitches that come and go over days or weeks",
                    ],
                },
            ),
            (
                "causes",
                {
                    "title": "Common causes",
                    "intro": "Often there is more than one thing going on at once.",
                    "items": [
                        "too much caffeine or other stimulants",
                        "lack of sleep and stress",
                        "hard or unfamiliar exercise",
                        "not drinking enough, especially in hot weather",
                        "low levels of magnesium, potassium or calcium",
                        "some medicines, such as certain diuretics and asthma inhalers",
                    ],
                },
            ),
            ("heading", "What you can do"),
            (
                "treatment",
                [
                    (
                        "Stretch and massage the muscle",
                        "Gently lengthen the muscle and rub it until it relaxes.",
                    ),
                    (
                        "Cut back on caffeine",
                        "Try a week without coffee, energy drinks or "
                        "cola and see if the twitching settles.",
                    ),
                    (
                        "Rest and sleep",
                        "Twitches often fade once you catch up on sleep.",
                    ),
                    (
                        "Drink enough fluid",
                        "Pale yellow urine is a good sign you are drinking enough.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if twitching lasts more than two weeks, spreads to "
                        "other muscles, or comes with weakness, numbness, muscle "
                        "wasting or difficulty swallowing or speaking."
                    ),
                ),
            ),
            (
                "faq",
                [
                    (
                        "Is muscle twitching a sign of motor neurone disease?",
                        "Twitching on its own, with normal strength, is almost never "
                        "caused by motor neurone disease. A doctor will look for "
                        "weakness and muscle wasting, which matter much more than the "
                        "twitching itself.",
                    ),
                    (
                        "Can anxiety cause muscle twitching?",
                        "Yes. Stress and anxiety make nerves more excitable, and "
                        "worrying about twitches can make you notice them more.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Muscle cramps and twitches: patient information", NHS),
                    ref("Muscle twitching: health topic overview", MEDLINEPLUS),
                ],
            ),
        ],
    },
    {
        "slug": "muscle-cramps",
        "title": "Muscle cramps",
        "summary": (
            "A cramp is a sudden, painful tightening of a muscle that you cannot "
            "relax at will. It usually hits the calf, foot or thigh and eases within "
            "a few minutes."
        ),
        "also_known_as": [
            "charley horse",
            "leg cramps at night",
            "cramp",
            "muscle cramp",
        ],
        "tags": ["muscles", "pain", "sports"],
        "author": AUTHOR_TOM,
        "reviewer": SPORTS,
        **reviewed("2025-02-20", "2027-02-20"),
        "related": ["night-leg-cramps", "stretching-to-prevent-cramp", "muscle-spasms"],
        "body": [
            (
                "paragraph",
                (
                    "Cramps are the body's most dramatic kind of muscle spasm: the "
                    "whole muscle locks, forms a hard lump and hurts. In the United "
                    "States a calf cramp is often called a charley horse. Cramps are "
                    "usually harmless, but they can leave the muscle sore for a day."
                ),
            ),
            (
                "key_facts",
                [
                    "Most cramps last from a few seconds to ten minutes.",
                    "Stretching the muscle is the quickest way to stop a cramp.",
                    "Cramps become more common with age, in pregnancy and after "
                    "exercise.",
                ],
            ),
            ("heading", "Why cramps happen"),
            (
                "causes",
                [
                    "tired muscles after exercise, especially in heat",
                    "sitting or lying in one position for a long time",
                    "not drinking enough fluid",
                    "some medicines, including diuretics and statins",
                    "pregnancy",
                    "conditions such as kidney disease, diabetes or an underactive "
                    "thyroid",
                ],
            ),
            ("heading", "How to stop a cramp"),
            (
                "treatment",
                [
                    (
                        "Stretch the muscle",
                        "For a calf cramp, straighten your leg and pull your toes up "
                        "towards your shin, or stand and lean into a wall.",
                    ),
                    ("Massage", "Rub the knot firmly until it softens."),
                    (
                        "Walk it off",
                        "Standing and putting weight on the leg often helps.",
                    ),
                    (
                        "Warmth afterwards",
                        "A warm bath or heat pad eases lingering soreness.",
                    ),
                ],
            ),
            (
                "table",
                {
                    "caption": "Quick stretches for common cramp spots",
                    "rows": [
                        ["Muscle", "Stretch", "Hold for"],
                        [
                            "Calf",
                            "Lean into a wall with the back leg straight",
                            "30 seconds",
                        ],
                        [
                            "Front of thigh",
                            "Pull your heel towards your buttock",
                            "30 seconds",
                        ],
                        [
                            "Back of thigh",
                            "Sit and reach towards your toes",
                            "30 seconds",
                        ],
                        ["Foot", "Pull the toes back towards the shin", "20 seconds"],
                    ],
                },
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if cramps are frequent, disturb your sleep most "
                        "nights, started after a new medicine, or come with swelling, "
                        "redness, numbness or weakness."
                    ),
                ),
            ),
            (
                "faq",
                [
                    (
                        "Does quinine help cramps?",
                        "Quinine is no longer recommended for routine cramps because "
                        "of rare but serious side effects. Regular stretching is "
                        "safer.",
                    ),
                    (
                        "Do bananas prevent cramps?",
                        "Bananas contain potassium, but most people with cramps have "
                        "normal potassium levels. A varied diet and enough fluid "
                        "matter more.",
                    ),
                    (
                        "Is a charley horse the same as a cramp?",
                        "Yes. It is an informal name for a sudden cramp, usually in "
                        "the calf or thigh.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Leg cramps: patient information", NHS),
                    ref("Muscle cramps: health topic overview", MEDLINEPLUS),
                    ref("Clinical knowledge summary on leg cramps", NICE),
                ],
            ),
        ],
    },
    {
        "slug": "night-leg-cramps",
        "title": "Night leg cramps",
        "summary": (
            "Painful cramps that wake you in the night, usually in the calf or foot. "
            "They are common after 50 and in pregnancy, and simple stretches before "
            "bed often help."
        ),
        "also_known_as": [
            "nocturnal leg cramps",
            "leg cramps at night",
            "calf cramps in bed",
        ],
        "tags": ["muscles", "older adults", "pain"],
        "author": AUTHOR_GRACE,
        "reviewer": GP,
        **reviewed("2025-04-03", "2027-04-03"),
        "related": [
            "muscle-cramps",
            "restless-legs-syndrome",
            "leg-cramps-in-pregnancy",
        ],
        "body": [
            (
                "paragraph",
                (
                    "Night cramps strike as you fall asleep or in the early hours. The "
                    "calf or the sole of the foot suddenly knots, and the pain wakes "
                    "you. They are different from restless legs, which cause an urge "
                    "to move rather than a locked muscle."
                ),
            ),
            ("heading", "Who gets them"),
            (
                "paragraph",
                (
                    "About a third of people over 60 have night cramps at least now "
                    "and then. They are also common in pregnancy and in people who "
                    "stand all day or sit with their feet pointed for long periods."
                ),
            ),
            (
                "causes",
                [
                    "muscles shortened by lying with the toes pointed",
                    "ageing muscles and tendons",
                    "long periods of standing or sitting",
                    "medicines such as diuretics",
                    "pregnancy",
                ],
            ),
            ("heading", "Preventing night cramps"),
            (
                "treatment",
                {
                    "title": "A bedtime routine that helps",
                    "steps": [
                        (
                            "Stretch your calves before bed",
                            "Three stretches of 30 seconds on "
                            "each leg, every night for a few weeks.",
                        ),
                        (
                            "Loosen the bedclothes",
                            "Tight sheets push the toes down and shorten the calf.",
                        ),
                        (
                            "Keep active in the day",
                            "A daily walk keeps calf muscles flexible.",
                        ),
                        (
                            "Check your medicines",
                            "Ask a pharmacist whether any of them can cause cramps.",
                        ),
                    ],
                },
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if cramps happen most nights, keep you from "
                        "sleeping, or your legs are also swollen, numb or weak."
                    ),
                ),
            ),
            (
                "faq",
                [
                    (
                        "Why do cramps come at night?",
                        "While you sleep your feet often point downwards, which "
                        "shortens the calf. Tired muscles at the end of the day cramp "
                        "more easily too.",
                    ),
                    (
                        "Should I take magnesium for night cramps?",
                        "Studies have not shown a clear benefit for most older adults. "
                        "It may help in pregnancy; ask a midwife or pharmacist first.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Leg cramps: patient information", NHS),
                    ref("Leg cramps: clinical knowledge summary", NICE),
                ],
            ),
        ],
    },
    {
        "slug": "restless-legs-syndrome",
        "title": "Restless legs syndrome",
        "summary": (
            "An overwhelming urge to move your legs, usually in the evening or at "
            "night, often with creeping or crawling feelings. Moving eases it for a "
            "while."
        ),
        "also_known_as": ["RLS", "Willis-Ekbom disease", "restless legs", "jumpy legs"],
        "tags": ["nerves", "brain", "older adults"],
        "author": AUTHOR_MARTA,
        "reviewer": NEURO,
        **reviewed("2025-01-15", "2027-01-15"),
        "related": ["night-leg-cramps", "anaemia", "leg-cramps-in-pregnancy"],
        "body": [
            ("heading", "What it is"),
            (
                "paragraph",
                (
                    "Restless legs syndrome is a condition of the nervous system. "
                    "People describe fizzing, crawling, aching or pulling feelings "
                    "deep in the legs, together with a strong need to move them. The "
                    "feelings start when you rest and get better when you walk or "
                    "stretch.\n\nIt is not the same as a cramp: the muscle does not "
                    "lock, and there is no hard lump."
                ),
            ),
            (
                "symptoms",
                [
                    "an urge to move the legs that is worse in the evening",
                    "unpleasant feelings in the calves or thighs when sitting or lying",
                    "relief when you move, which returns when you stop",
                    "jerking leg movements during sleep",
                    "poor sleep and daytime tiredness",
                ],
            ),
            (
                "causes",
                {
                    "title": "Causes and links",
                    "items": [
                        "often runs in families",
                        "low iron stores, even without anaemia",
                        "pregnancy, especially in the last three months",
                        "kidney failure",
                        "some medicines, including certain antidepressants and "
                        "antihistamines",
                    ],
                },
            ),
            ("heading", "Treatment"),
            (
                "treatment",
                [
                    (
                        "Check your iron",
                        "A blood test can show low iron stores; "
                        "supplements help some people.",
                    ),
                    (
                        "Build good sleep habits",
                        "Keep regular hours and avoid caffeine and "
                        "alcohol in the evening.",
                    ),
                    (
                        "Move and stretch",
                        "Walking, stretching or a warm bath before bed can "
                        "ease symptoms.",
                    ),
                    (
                        "Medicines",
                        "If symptoms are severe a doctor may suggest medicine; "
                        "some can make symptoms worse over time, so they need review.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if restless legs affect your sleep or daily life. "
                        "Tell them about all the medicines you take."
                    ),
                ),
            ),
            (
                "references",
                [
                    ref("Restless legs syndrome: patient information", NHS),
                    ref("Restless legs syndrome fact sheet", NINDS),
                ],
            ),
        ],
    },
    {
        "slug": "dehydration",
        "title": "Dehydration",
        "summary": (
            "Dehydration means your body has lost more fluid than it has taken in. "
            "Mild dehydration is easy to put right with drinks; severe dehydration "
            "is an emergency."
        ),
        "also_known_as": ["not drinking enough", "fluid loss", "being dehydrated"],
        "tags": ["nutrition", "older adults", "sports"],
        "author": AUTHOR_TOM,
        "reviewer": EMERGENCY,
        **reviewed("2025-05-08", "2027-05-08"),
        "related": ["electrolyte-imbalance", "diarrhoea", "muscle-cramps"],
        "body": [
            (
                "key_facts",
                [
                    "Thirst and dark urine are early signs.",
                    "Babies, older people and anyone with diarrhoea or vomiting are "
                    "most at risk.",
                    "Oral rehydration solution replaces salts as well as water.",
                ],
            ),
            ("heading", "Signs of dehydration"),
            (
                "symptoms",
                [
                    "feeling thirsty",
                    "dark yellow, strong-smelling urine",
                    "passing urine less often",
                    "dizziness or light-headedness",
                    "tiredness, headache and muscle cramps",
                    "dry mouth, lips and eyes",
                ],
            ),
            ("heading", "Causes"),
            (
                "causes",
                [
                    "diarrhoea and vomiting",
                    "sweating in hot weather or during exercise",
                    "fever",
                    "drinking too much alcohol",
                    "high blood sugar in diabetes",
                    "some medicines, such as diuretics",
                ],
            ),
            ("heading", "How to rehydrate"),
            (
                "treatment",
                [
                    (
                        "Drink little and often",
                        "Sips of water, diluted squash or oral rehydration solution "
                        "are easier to keep down than large gulps.",
                    ),
                    (
                        "Replace salts if you are losing fluid",
                        "After diarrhoea or vomiting, "
                        "use oral rehydration sachets from a pharmacy.",
                    ),
                    ("Keep an eye on urine colour", "Aim for pale yellow."),
                ],
            ),
            (
                "table",
                {
                    "caption": "Urine colour as a rough guide",
                    "rows": [
                        ["Colour", "What it suggests"],
                        ["Pale straw", "Well hydrated"],
                        ["Dark yellow", "Drink more"],
                        [
                            "Amber or brown",
                            "Dehydrated: drink now, get advice if it does not improve",
                        ],
                    ],
                },
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "Call emergency services if someone is confused, very drowsy, "
                        "has a fast heartbeat, has not passed urine all day, or a baby "
                        "has a sunken soft spot on the head or few wet nappies."
                    ),
                    "Get help straight away",
                ),
            ),
            (
                "references",
                [
                    ref("Dehydration: patient information", NHS),
                    ref("Dehydration: health topic overview", MEDLINEPLUS),
                ],
            ),
        ],
    },
    {
        "slug": "electrolyte-imbalance",
        "title": "Electrolyte imbalance",
        "summary": (
            "Electrolytes are salts such as sodium, potassium, calcium and magnesium "
            "that keep nerves, muscles and the heart working. Too much or too little "
            "can cause cramps, weakness and an irregular heartbeat."
        ),
        "also_known_as": [
            "salt imbalance",
            "mineral imbalance",
            "electrolyte disorder",
        ],
        "tags": ["nutrition", "muscles", "heart"],
        "author": AUTHOR_PRIYA,
        "reviewer": PHYSICIAN,
        **reviewed("2025-02-02", "2027-02-02"),
        "related": ["low-potassium", "magnesium-deficiency", "dehydration"],
        "body": [
            (
                "paragraph",
                (
                    "Every muscle contraction and nerve signal depends on salts moving "
                    "in and out of cells. The kidneys keep the levels within a narrow "
                    "range. When that balance slips, through illness, medicines or "
                    "fluid loss, muscles and the heart are among the first to notice."
                ),
            ),
            (
                "table",
                {
                    "caption": "Main electrolytes and what happens when they are low",
                    "rows": [
                        ["Electrolyte", "Job", "Signs when low"],
                        [
                            "Sodium",
                            "Fluid balance, nerves",
                            "Headache, confusion, nausea",
                        ],
                        [
                            "Potassium",
                            "Muscles and heart rhythm",
                            "Weakness, cramps, palpitations",
                        ],
                        [
                            "Calcium",
                            "Muscles, bones, nerves",
                            "Tingling, muscle spasms, cramps",
                        ],
                        [
                            "Magnesium",
                            "Muscles and nerves",
                            "Twitching, cramps, tiredness",
                        ],
                    ],
                },
            ),
            ("heading", "Common causes"),
            (
                "causes",
                [
                    "diarrhoea and vomiting",
                    "heavy sweating",
                    "kidney disease",
                    "water tablets (diuretics) and some other medicines",
                    "drinking very large amounts of plain water in a short time",
                    "eating disorders",
                ],
            ),
            ("heading", "Diagnosis and treatment"),
            (
                "paragraph",
                (
                    "A simple blood test measures electrolyte levels. Treatment "
                    "depends on which salt is out of balance and why: it may be a "
                    "drink or tablet supplement, a change of medicine, or fluids "
                    "through a drip in hospital."
                ),
            ),
            (
                "see_doctor",
                (
                    "urgent",
                    (
                        "Get urgent medical advice if you have muscle weakness, a "
                        "racing or irregular heartbeat, confusion or fits, especially "
                        "after a bout of diarrhoea or vomiting."
                    ),
                ),
            ),
            (
                "references",
                [
                    ref("Fluid and electrolyte balance: overview", MEDLINEPLUS),
                ],
            ),
        ],
    },
    {
        "slug": "low-potassium",
        "title": "Low potassium (hypokalaemia)",
        "summary": (
            "Hypokalaemia means the level of potassium in your blood is too low. "
            "Mild cases often cause no symptoms; lower levels bring muscle weakness, "
            "cramps and heart rhythm problems."
        ),
        "also_known_as": [
            "hypokalaemia",
            "low blood potassium",
            "potassium deficiency",
        ],
        "tags": ["nutrition", "muscles", "heart"],
        "author": AUTHOR_GRACE,
        "reviewer": PHYSICIAN,
        **reviewed("2025-03-01", "2027-03-01"),
        "related": ["electrolyte-imbalance", "diarrhoea", "muscle-cramps"],
        "body": [
            ("heading", "About potassium"),
            (
                "paragraph",
                (
                    "Potassium helps muscles contract and keeps the heart beating in a "
                    "steady rhythm. Most people get plenty from food. Low potassium "
                    "usually happens because the body loses too much, not because the "
                    "diet lacks it."
                ),
            ),
            (
                "symptoms",
                [
                    "muscle weakness and tiredness",
                    "muscle cramps and twitching",
                    "constipation",
                    "palpitations or a fluttering heartbeat",
                ],
            ),
            (
                "causes",
                [
                    "diarrhoea or vomiting that goes on for days",
                    "water tablets (diuretics)",
                    "overuse of laxatives",
                    "some hormone conditions",
                    "very low food intake",
                ],
            ),
            ("heading", "Treatment"),
            (
                "treatment",
                [
                    (
                        "Find the cause",
                        "Your doctor will look at medicines and recent "
                        "illness, such as diarrhoea.",
                    ),
                    (
                        "Potassium supplements",
                        "Tablets or liquid, only when prescribed: "
                        "too much potassium is also dangerous.",
                    ),
                    (
                        "Potassium-rich foods",
                        "Bananas, potatoes, beans, lentils, dried "
                        "fruit and leafy greens.",
                    ),
                    (
                        "Hospital treatment",
                        "Very low levels are treated with a drip and heart monitoring.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "urgent",
                    (
                        "Get urgent advice if you feel very weak, notice your heart "
                        "racing or skipping beats, or have had diarrhoea for several "
                        "days and feel unwell."
                    ),
                ),
            ),
            (
                "faq",
                [
                    (
                        "Can I take potassium tablets without a test?",
                        "No. Potassium supplements can push levels too high, which is "
                        "also dangerous for the heart. Take them only when a doctor "
                        "advises it.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Potassium in the diet: overview", MEDLINEPLUS),
                    ref("Hypokalaemia: clinical knowledge summary", NICE),
                ],
            ),
        ],
    },
    {
        "slug": "magnesium-deficiency",
        "title": "Magnesium deficiency",
        "summary": (
            "Low magnesium can cause twitching, cramps, tiredness and, when severe, "
            "heart rhythm changes. It is most often linked to alcohol, long-term "
            "diarrhoea and some medicines."
        ),
        "also_known_as": ["low magnesium", "hypomagnesaemia", "hypomagnesemia"],
        "tags": ["nutrition", "muscles"],
        "author": AUTHOR_MARTA,
        "reviewer": PHYSICIAN,
        **reviewed("2025-01-28", "2027-01-28"),
        "related": ["electrolyte-imbalance", "muscle-spasms", "low-potassium"],
        "body": [
            (
                "paragraph",
                (
                    "Magnesium is involved in hundreds of chemical reactions in the "
                    "body, including the way nerves signal muscles to relax. A "
                    "shortage makes nerves jumpy, which is why twitching and cramps "
                    "are early signs."
                ),
            ),
            (
                "symptoms",
                [
                    "muscle twitching, especially around the eyes",
                    "cramps and spasms",
                    "tiredness and weakness",
                    "loss of appetite and nausea",
                    "an irregular heartbeat (in severe cases)",
                ],
            ),
            (
                "causes",
                [
                    "drinking a lot of alcohol",
                    "long-lasting diarrhoea or bowel disease",
                    "type 2 diabetes",
                    "long-term use of acid-reducing medicines called proton pump "
                    "inhibitors",
                    "some diuretics",
                ],
            ),
            ("heading", "Getting enough magnesium"),
            (
                "paragraph",
                (
                    "Nuts, seeds, wholegrains, beans and dark green vegetables are "
                    "good sources. Supplements can cause diarrhoea and interact with "
                    "some medicines, so check with a pharmacist first."
                ),
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you have ongoing twitching or cramps and take a "
                        "medicine known to lower magnesium, or drink alcohol heavily."
                    ),
                ),
            ),
            (
                "references",
                [
                    ref("Magnesium: fact sheet for consumers", MEDLINEPLUS),
                ],
            ),
        ],
    },
]

ARTICLES += [
    {
        "slug": "back-pain",
        "title": "Back pain",
        "summary": (
            "Most back pain comes from muscles, ligaments and joints rather than "
            "anything serious, and improves within a few weeks. Keeping active is "
            "the best thing you can do."
        ),
        "also_known_as": ["lower back pain", "lumbago", "backache", "bad back"],
        "tags": ["pain", "muscles"],
        "author": AUTHOR_TOM,
        "reviewer": SPORTS,
        **reviewed("2025-04-22", "2027-04-22"),
        "related": ["sciatica", "muscle-strain", "neck-pain"],
        "body": [
            (
                "key_facts",
                [
                    "Most people have back pain at some point in their lives.",
                    "Bed rest slows recovery; gentle movement speeds it up.",
                    "A scan is rarely needed in the first six weeks.",
                ],
            ),
            ("heading", "Causes"),
            (
                "causes",
                [
                    "a strained muscle or sprained ligament",
                    "lifting or twisting awkwardly",
                    "long periods of sitting or poor posture",
                    "muscle spasm around a sore joint",
                    "less often: a slipped (herniated) disc pressing on a nerve",
                ],
            ),
            ("heading", "Looking after your back"),
            (
                "treatment",
                [
                    (
                        "Stay as active as you can",
                        "Walk and carry on with daily tasks, pacing yourself.",
                    ),
                    (
                        "Use heat or cold",
                        "A heat pad relaxes muscle spasm; a cold pack "
                        "wrapped in a towel can ease a fresh injury.",
                    ),
                    (
                        "Painkillers if needed",
                        "Ask a pharmacist which is suitable for you.",
                    ),
                    (
                        "Gentle exercise",
                        "Back stretches, swimming, yoga or pilates once "
                        "the worst pain has passed.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "<p>Call emergency services or go to A&amp;E if back pain "
                        "comes with any of these:</p><ul><li>numbness around the "
                        "genitals or buttocks</li><li>loss of bladder or bowel "
                        "control</li><li>weakness in both legs</li><li>chest pain, "
                        "fever or a recent serious fall</li></ul>"
                    ),
                    "Warning signs",
                ),
            ),
            (
                "faq",
                [
                    (
                        "Should I rest in bed?",
                        "No. A day or two of taking it easy is fine, but longer bed "
                        "rest makes backs stiffer and recovery slower.",
                    ),
                    (
                        "Do I need an X-ray?",
                        "Usually not. Scans often show age-related changes that are "
                        "not the cause of the pain, and they do not change the "
                        "treatment.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Back pain: patient information", NHS),
                    ref("Low back pain and sciatica: guideline for the public", NICE),
                ],
            ),
        ],
    },
    {
        "slug": "neck-pain",
        "title": "Neck pain",
        "summary": (
            "A stiff or painful neck is common and usually caused by posture, "
            "sleeping awkwardly or muscle tension. It generally improves in a week "
            "or two."
        ),
        "also_known_as": ["stiff neck", "crick in the neck", "wry neck", "neck ache"],
        "tags": ["pain", "muscles"],
        "author": AUTHOR_GRACE,
        "reviewer": SPORTS,
        **reviewed("2025-03-30", "2027-03-30"),
        "related": ["back-pain", "tension-headache", "dystonia"],
        "body": [
            (
                "paragraph",
                (
                    "The neck carries the weight of the head all day, so its muscles "
                    "tire easily. Hours looking down at a phone or laptop, a draughty "
                    "night or a new pillow can all leave you with a sore, stiff neck."
                ),
            ),
            (
                "causes",
                [
                    "poor posture at a desk or screen",
                    "sleeping in an awkward position",
                    "muscle tension from stress",
                    "a sudden jolt, such as whiplash in a car accident",
                    "wear and tear of the neck joints with age",
                ],
            ),
            ("heading", "Easing neck pain"),
            (
                "treatment",
                [
                    (
                        "Keep moving your neck gently",
                        "Slowly turn your head side to side "
                        "and tilt it towards each shoulder several times a day.",
                    ),
                    (
                        "Check your set-up",
                        "Raise your screen to eye level and take a "
                        "break every half hour.",
                    ),
                    ("Heat", "A warm shower or heat pad relaxes tight muscles."),
                    ("One firm pillow", "Keep your neck in line with your spine."),
                ],
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "Get emergency help if neck pain comes with a high "
                        "temperature, a severe headache and a rash, or dislike of "
                        "bright light, or after a serious injury."
                    ),
                    "Get help straight away",
                ),
            ),
            ("references", [ref("Neck pain: patient information", NHS)]),
        ],
    },
    {
        "slug": "sciatica",
        "title": "Sciatica",
        "summary": (
            "Sciatica is pain that runs from the lower back or buttock down the leg, "
            "caused by irritation of the sciatic nerve. Most cases settle within six "
            "weeks."
        ),
        "also_known_as": [
            "trapped nerve in the back",
            "pinched nerve",
            "leg nerve pain",
        ],
        "tags": ["nerves", "pain"],
        "author": AUTHOR_PRIYA,
        "reviewer": SPORTS,
        **reviewed("2025-02-14", "2027-02-14"),
        "related": ["back-pain", "muscle-strain"],
        "body": [
            ("heading", "Symptoms"),
            (
                "symptoms",
                [
                    "pain in the buttock or down the back of one leg, often worse than "
                    "the back pain",
                    "tingling, pins and needles or numbness in the leg or foot",
                    "weakness in the leg or foot",
                    "pain that is worse when you cough, sneeze or sit for long",
                ],
            ),
            ("heading", "Why it happens"),
            (
                "paragraph",
                (
                    "The sciatic nerve is the longest nerve in the body. It runs from "
                    "the lower back down each leg. A bulging disc, narrowing of the "
                    "spine or tight muscles in the buttock can press on it."
                ),
            ),
            (
                "treatment",
                [
                    (
                        "Keep moving",
                        "Walking and normal activity help the nerve recover.",
                    ),
                    (
                        "Stretch gently",
                        "Knee-to-chest and buttock stretches ease pressure.",
                    ),
                    (
                        "Physiotherapy",
                        "A physiotherapist can give you exercises that suit your back.",
                    ),
                    (
                        "Medicines",
                        "A doctor may suggest medicine for nerve pain if normal "
                        "painkillers do not help.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "Go to A&amp;E straight away if you have sciatica in both "
                        "legs, numbness around the genitals or bottom, or problems "
                        "controlling your bladder or bowels. These can be signs of "
                        "cauda equina syndrome."
                    ),
                    "Emergency warning signs",
                ),
            ),
            ("references", [ref("Sciatica: patient information", NHS)]),
        ],
    },
    {
        "slug": "muscle-strain",
        "title": "Muscle strain",
        "summary": (
            "A strain is a stretched or torn muscle, often from sport or lifting. "
            "Rest, ice and gentle movement help most strains heal within weeks."
        ),
        "also_known_as": ["pulled muscle", "torn muscle", "strained muscle"],
        "tags": ["muscles", "sports", "pain"],
        "author": AUTHOR_TOM,
        "reviewer": SPORTS,
        **reviewed("2025-05-02", "2027-05-02"),
        "related": ["sports-injuries", "tendonitis", "muscle-cramps"],
        "body": [
            (
                "paragraph",
                (
                    "A strain happens when muscle fibres are overstretched. You may "
                    "feel a sudden sharp pain, followed by swelling, bruising and "
                    "stiffness. Hamstrings, calves, groin and lower back are the usual "
                    "places."
                ),
            ),
            (
                "table",
                {
                    "caption": "How bad is the strain?",
                    "rows": [
                        ["Grade", "What has happened", "Typical recovery"],
                        ["1 (mild)", "A few fibres overstretched", "1 to 3 weeks"],
                        ["2 (moderate)", "Partial tear, some weakness", "3 to 8 weeks"],
                        ["3 (severe)", "Complete tear", "Months; may need surgery"],
                    ],
                },
            ),
            ("heading", "First 48 to 72 hours"),
            (
                "treatment",
                [
                    ("Protect", "Stop the activity that caused it."),
                    (
                        "Rest, but not too much",
                        "Short rests, then gentle movement within the limits of pain.",
                    ),
                    (
                        "Ice",
                        "A wrapped cold pack for 15 to 20 minutes every few hours.",
                    ),
                    (
                        "Compress and elevate",
                        "A bandage and raising the limb reduce swelling.",
                    ),
                ],
            ),
            ("heading", "Getting back to activity"),
            (
                "paragraph",
                (
                    "Once pain settles, build up strength and stretch slowly. "
                    "Returning to sport too early is the commonest reason a strain "
                    "comes back."
                ),
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP or physiotherapist if you cannot put weight on the "
                        "limb, heard a pop at the time of injury, or it is not "
                        "improving after a week."
                    ),
                ),
            ),
            ("references", [ref("Sprains and strains: patient information", NHS)]),
        ],
    },
    {
        "slug": "tendonitis",
        "title": "Tendonitis",
        "summary": (
            "Tendonitis is pain and swelling of a tendon, the tough cord joining "
            "muscle to bone, usually from overuse. It is common in the shoulder, "
            "elbow, wrist, knee and heel."
        ),
        "also_known_as": [
            "tendinitis",
            "tendinopathy",
            "tennis elbow",
            "Achilles pain",
        ],
        "tags": ["sports", "pain", "muscles"],
        "author": AUTHOR_MARTA,
        "reviewer": SPORTS,
        **reviewed("2025-01-09", "2027-01-09"),
        "related": ["muscle-strain", "sports-injuries", "plantar-fasciitis"],
        "body": [
            (
                "symptoms",
                [
                    "pain that gets worse when you move the affected area",
                    "stiffness, especially first thing in the morning",
                    "tenderness and sometimes swelling over the tendon",
                    "a grating feeling when the tendon moves",
                ],
            ),
            (
                "causes",
                [
                    "repeating the same movement many times, at work or in sport",
                    "a sudden increase in training",
                    "poor technique or equipment",
                    "getting older, as tendons become less elastic",
                ],
            ),
            ("heading", "What helps"),
            (
                "treatment",
                [
                    (
                        "Relative rest",
                        "Cut back on the movement that hurts, but keep the "
                        "rest of you active.",
                    ),
                    (
                        "Ice",
                        "Use a wrapped cold pack for short periods in the first days.",
                    ),
                    (
                        "Strengthening exercises",
                        "Slow, loaded exercises guided by a "
                        "physiotherapist help tendons heal.",
                    ),
                    (
                        "Look at the cause",
                        "Adjust technique, equipment or workstation.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if the pain has not improved after two weeks of "
                        "self-care, or the area is hot, red and very swollen."
                    ),
                ),
            ),
            ("references", [ref("Tendonitis: patient information", NHS)]),
        ],
    },
    {
        "slug": "fibromyalgia",
        "title": "Fibromyalgia",
        "summary": (
            "Fibromyalgia causes widespread pain, tiredness and poor sleep that last "
            "for months. It is a real condition of how the nervous system handles "
            "pain, and a mix of activity and self-care helps most."
        ),
        "also_known_as": ["fibromyalgia syndrome", "FMS", "chronic widespread pain"],
        "tags": ["pain", "muscles", "nerves"],
        "author": AUTHOR_GRACE,
        "reviewer": PHYSICIAN,
        **reviewed("2025-04-11", "2027-04-11"),
        "related": ["back-pain", "tension-headache", "hypothyroidism"],
        "body": [
            ("heading", "Symptoms"),
            (
                "symptoms",
                [
                    "pain and aching in many parts of the body",
                    "extreme tiredness",
                    "sleep that does not refresh you",
                    "muscle stiffness and spasms",
                    "problems with memory and concentration, sometimes called "
                    "fibro fog",
                    "headaches and irritable bowel symptoms",
                ],
            ),
            ("heading", "Living with fibromyalgia"),
            (
                "paragraph",
                (
                    "There is no single test, so diagnosis is based on symptoms and on "
                    "ruling out other conditions with blood tests. Treatment aims to "
                    "reduce symptoms and improve daily life."
                ),
            ),
            (
                "treatment",
                [
                    (
                        "Regular gentle exercise",
                        "Walking, swimming or tai chi, built up "
                        "slowly, is one of the most effective treatments.",
                    ),
                    (
                        "Pacing",
                        "Spread activity through the day and avoid boom-and-bust "
                        "cycles.",
                    ),
                    ("Sleep routine", "Keep regular hours and a calm bedroom."),
                    (
                        "Talking therapies",
                        "These can help with coping with long-term pain.",
                    ),
                ],
            ),
            (
                "quote",
                (
                    "Pacing changed everything. I stopped trying to do it all on good "
                    "days and stopped paying for it for the rest of the week.",
                    "Reader with fibromyalgia, shared with permission",
                ),
            ),
            (
                "references",
                [
                    ref("Fibromyalgia: patient information", NHS),
                    ref("Fibromyalgia: health topic", NIAMS),
                ],
            ),
        ],
    },
    {
        "slug": "multiple-sclerosis",
        "title": "Multiple sclerosis",
        "summary": (
            "Multiple sclerosis (MS) is a long-term condition in which the immune "
            "system damages the coating of nerves in the brain and spinal cord. It "
            "can cause spasms, stiffness, tiredness and problems with vision and "
            "balance."
        ),
        "also_known_as": ["MS", "disseminated sclerosis"],
        "tags": ["nerves", "brain", "muscles"],
        "author": AUTHOR_PRIYA,
        "reviewer": NEURO,
        **reviewed("2025-03-18", "2027-03-18"),
        "related": ["muscle-spasms", "dystonia", "parkinsons-disease"],
        "body": [
            (
                "key_facts",
                [
                    "MS is usually diagnosed between the ages of 20 and 40.",
                    "Most people first have relapses followed by recovery.",
                    "Medicines can reduce the number of relapses.",
                ],
            ),
            ("heading", "Symptoms"),
            (
                "symptoms",
                [
                    "blurred or painful vision, often in one eye",
                    "numbness or tingling",
                    "muscle stiffness and spasms (spasticity)",
                    "extreme tiredness",
                    "problems with balance and walking",
                    "bladder problems",
                ],
            ),
            (
                "heading",
                "Muscle spasms and stiffness in MS",
            ),
            (
                "paragraph",
                (
                    "Damaged nerves can send muscles the wrong signals, so legs may "
                    "stiffen or jerk, especially at night. Daily stretching, "
                    "physiotherapy and medicines that relax muscles can all help."
                ),
            ),
            (
                "treatment",
                [
                    (
                        "Disease-modifying treatment",
                        "Medicines that reduce relapses, chosen with a neurologist.",
                    ),
                    (
                        "Treating relapses",
                        "Short courses of steroids can speed recovery.",
                    ),
                    (
                        "Managing symptoms",
                        "Physiotherapy, occupational therapy and "
                        "medicines for spasms, pain or bladder problems.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you have unexplained vision problems, numbness or "
                        "balance problems that last more than a day."
                    ),
                ),
            ),
            (
                "references",
                [
                    ref("Multiple sclerosis: patient information", NHS),
                    ref("Multiple sclerosis information page", NINDS),
                ],
            ),
        ],
    },
    {
        "slug": "parkinsons-disease",
        "title": "Parkinson's disease",
        "summary": (
            "Parkinson's disease is a condition in which part of the brain slowly "
            "loses the cells that make dopamine. It causes shaking, stiff muscles and "
            "slow movement, and treatment can control symptoms for many years."
        ),
        "also_known_as": ["Parkinson's", "Parkinsons", "paralysis agitans"],
        "tags": ["brain", "nerves", "older adults"],
        "author": AUTHOR_MARTA,
        "reviewer": NEURO,
        **reviewed("2025-02-25", "2027-02-25"),
        "related": ["dystonia", "multiple-sclerosis"],
        "body": [
            ("heading", "Main symptoms"),
            (
                "symptoms",
                [
                    "shaking (tremor), usually starting in one hand at rest",
                    "slow movement",
                    "stiff, inflexible muscles and painful cramps",
                    "smaller handwriting and a quieter voice",
                    "loss of sense of smell, sleep problems and constipation, "
                    "sometimes years earlier",
                ],
            ),
            ("heading", "Treatment"),
            (
                "paragraph",
                (
                    "There is no cure yet, but medicines that replace or mimic "
                    "dopamine work well for most people. Physiotherapy, speech and "
                    "language therapy and regular exercise help people stay active and "
                    "independent."
                ),
            ),
            (
                "faq",
                [
                    (
                        "Does a tremor always mean Parkinson's?",
                        "No. The commonest cause of shaking hands is essential tremor, "
                        "which is a different condition. A doctor can tell them apart.",
                    ),
                    (
                        "Can Parkinson's cause muscle cramps?",
                        "Yes. Painful cramps and twisting postures of the foot are "
                        "common, particularly when medicines are wearing off.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you notice a new tremor, stiffness or slowness "
                        "that affects daily life."
                    ),
                ),
            ),
            (
                "references",
                [
                    ref("Parkinson's disease: patient information", NHS),
                    ref("Parkinson's disease information page", NINDS),
                ],
            ),
        ],
    },
    {
        "slug": "dystonia",
        "title": "Dystonia",
        "summary": (
            "Dystonia causes muscles to contract on their own, leading to twisting "
            "movements or fixed, painful postures. It may affect one part of the "
            "body, such as the neck or eyelids, or several."
        ),
        "also_known_as": [
            "cervical dystonia",
            "spasmodic torticollis",
            "writer's cramp",
            "blepharospasm",
        ],
        "tags": ["nerves", "brain", "muscles"],
        "author": AUTHOR_PRIYA,
        "reviewer": NEURO,
        **reviewed("2025-01-22", "2027-01-22"),
        "related": ["muscle-spasms", "parkinsons-disease", "neck-pain"],
        "body": [
            (
                "paragraph",
                (
                    "In dystonia the brain's control of movement misfires, so opposing "
                    "muscles tighten at the same time. The result can be a head that "
                    "turns or tilts, eyes that clamp shut, or a hand that cramps when "
                    "you write."
                ),
            ),
            (
                "table",
                {
                    "caption": "Common types of dystonia",
                    "rows": [
                        ["Type", "Part of body", "What happens"],
                        ["Cervical dystonia", "Neck", "Head twists, tilts or jerks"],
                        [
                            "Blepharospasm",
                            "Eyelids",
                            "Uncontrolled blinking or closing",
                        ],
                        ["Writer's cramp", "Hand and arm", "Cramping during a task"],
                        [
                            "Generalised dystonia",
                            "Several areas",
                            "Often starts in childhood",
                        ],
                    ],
                },
            ),
            ("heading", "Treatment"),
            (
                "treatment",
                [
                    (
                        "Botulinum toxin injections",
                        "Relax the overactive muscles for "
                        "about three months at a time.",
                    ),
                    ("Medicines", "Some tablets reduce muscle contractions."),
                    ("Physiotherapy", "Stretching and retraining movements."),
                    ("Deep brain stimulation", "A surgical option for severe cases."),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you have muscle spasms or twisting movements that "
                        "keep coming back. Mention any medicines you have started "
                        "recently."
                    ),
                ),
            ),
            ("references", [ref("Dystonia information page", NINDS)]),
        ],
    },
    {
        "slug": "tetanus",
        "title": "Tetanus",
        "summary": (
            "Tetanus is a rare but serious infection that causes painful muscle "
            "spasms and stiffness, often starting in the jaw. Vaccination prevents "
            "it."
        ),
        "also_known_as": ["lockjaw"],
        "tags": ["muscles", "first aid", "nerves"],
        "author": AUTHOR_TOM,
        "reviewer": EMERGENCY,
        **reviewed("2025-03-05", "2028-03-05"),
        "related": ["muscle-spasms", "sports-injuries"],
        "body": [
            (
                "key_facts",
                [
                    "Tetanus bacteria live in soil and manure and enter through "
                    "wounds.",
                    "It is not passed from person to person.",
                    "A full course of vaccines gives long-lasting protection.",
                ],
            ),
            (
                "symptoms",
                [
                    "stiff jaw muscles that make it hard to open the mouth",
                    "painful muscle spasms that spread to the neck, back and belly",
                    "difficulty swallowing",
                    "fever and sweating",
                ],
            ),
            ("heading", "After a wound"),
            (
                "treatment",
                {
                    "title": "What to do after a cut or bite",
                    "steps": [
                        (
                            "Clean the wound",
                            "Rinse well under running water and cover it.",
                        ),
                        (
                            "Check your vaccinations",
                            "If you are not sure you are fully vaccinated, ask a GP, "
                            "pharmacist or urgent care centre the same day.",
                        ),
                        (
                            "Dirty or deep wounds",
                            "These may need a booster or an immunoglobulin injection.",
                        ),
                    ],
                },
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "Call emergency services if someone develops jaw stiffness or "
                        "muscle spasms days or weeks after a wound."
                    ),
                    "Get help straight away",
                ),
            ),
            (
                "references",
                [
                    ref("Tetanus: fact sheet", WHO),
                    ref("Tetanus: patient information", NHS),
                ],
            ),
        ],
    },
]

ARTICLES += [
    {
        "slug": "hypothyroidism",
        "title": "Underactive thyroid (hypothyroidism)",
        "summary": (
            "An underactive thyroid does not make enough thyroid hormone, so the "
            "body slows down: tiredness, weight gain, feeling cold and muscle aches "
            "and cramps are common. A daily tablet treats it."
        ),
        "also_known_as": ["hypothyroidism", "underactive thyroid", "low thyroid"],
        "tags": ["hormones", "muscles", "older adults"],
        "author": AUTHOR_GRACE,
        "reviewer": PHYSICIAN,
        **reviewed("2025-02-11", "2027-02-11"),
        "related": ["muscle-cramps", "fibromyalgia", "carpal-tunnel-syndrome"],
        "body": [
            (
                "symptoms",
                [
                    "tiredness and feeling slowed down",
                    "weight gain",
                    "feeling cold",
                    "muscle aches, weakness and cramps",
                    "dry skin and hair",
                    "constipation",
                    "low mood",
                ],
            ),
            ("heading", "Diagnosis and treatment"),
            (
                "paragraph",
                (
                    "A blood test checks the levels of thyroid-stimulating hormone and "
                    "thyroxine. Treatment is a daily tablet of levothyroxine, with "
                    "blood tests to find the right dose. Most people feel better "
                    "within a few weeks."
                ),
            ),
            (
                "faq",
                [
                    (
                        "Can an underactive thyroid cause leg cramps?",
                        "Yes. Muscle aches, stiffness and cramps are common before "
                        "treatment and usually improve once hormone levels are right.",
                    ),
                    (
                        "Will I need the tablets for life?",
                        "Usually yes, but the dose may change over time, which is why "
                        "regular blood tests matter.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you have several of these symptoms for weeks, "
                        "especially if thyroid problems run in your family."
                    ),
                ),
            ),
            ("references", [ref("Underactive thyroid: patient information", NHS)]),
        ],
    },
    {
        "slug": "diarrhoea",
        "title": "Diarrhoea",
        "summary": (
            "Diarrhoea means passing loose or watery poo more often than usual. It "
            "usually clears up in a few days; the main risk is dehydration, so keep "
            "drinking."
        ),
        "also_known_as": [
            "loose stools",
            "the runs",
            "upset stomach",
            "gastroenteritis",
        ],
        "tags": ["digestion", "nutrition"],
        "author": AUTHOR_MARTA,
        "reviewer": GP,
        **reviewed("2025-04-17", "2027-04-17"),
        "related": ["dehydration", "stomach-ache", "low-potassium"],
        "body": [
            (
                "key_facts",
                [
                    "Most diarrhoea is caused by a stomach bug and lasts 2 to 7 days.",
                    "Drinking enough fluid is more important than eating.",
                    "Stay off work or school until 48 hours after the last episode.",
                ],
            ),
            ("heading", "Causes"),
            (
                "causes",
                [
                    "a stomach bug (viral gastroenteritis)",
                    "food poisoning",
                    "some medicines, including antibiotics",
                    "anxiety",
                    "long-term bowel conditions such as irritable bowel syndrome or "
                    "inflammatory bowel disease",
                ],
            ),
            ("heading", "Looking after yourself"),
            (
                "treatment",
                [
                    (
                        "Drink plenty",
                        "Small, frequent sips of water; oral rehydration "
                        "sachets if you feel dizzy or are passing little urine.",
                    ),
                    (
                        "Eat when you feel able",
                        "Plain foods such as toast, rice or soup are easiest.",
                    ),
                    (
                        "Wash your hands",
                        "Use soap and water after the toilet and before "
                        "preparing food.",
                    ),
                    (
                        "Ask a pharmacist",
                        "Anti-diarrhoea medicine suits some adults but "
                        "not children or anyone with blood in their poo.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "urgent",
                    (
                        "Get urgent advice if there is blood in your poo, diarrhoea "
                        "lasts more than a week, you have signs of dehydration, or a "
                        "baby or older person is affected and unwell."
                    ),
                ),
            ),
            (
                "faq",
                [
                    (
                        "Why do I get leg cramps after diarrhoea?",
                        "Diarrhoea washes out fluid and salts such as potassium and "
                        "magnesium. Rehydration sachets replace both.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Diarrhoea and vomiting: patient information", NHS),
                    ref("Diarrhoeal disease: fact sheet", WHO),
                ],
            ),
        ],
    },
    {
        "slug": "stomach-ache",
        "title": "Stomach ache",
        "summary": (
            "Pain anywhere in the tummy is very common and usually caused by "
            "indigestion, wind, constipation or a stomach bug. Sudden severe pain "
            "needs urgent attention."
        ),
        "also_known_as": [
            "tummy ache",
            "abdominal pain",
            "bellyache",
            "stomach cramps",
        ],
        "tags": ["digestion", "pain"],
        "author": AUTHOR_TOM,
        "reviewer": GP,
        **reviewed("2025-03-26", "2027-03-26"),
        "related": ["diarrhoea", "dehydration", "heart-attack"],
        "body": [
            (
                "paragraph",
                (
                    "Stomach cramps happen when the muscles of the gut squeeze harder "
                    "than usual. Where the pain is, how it started and what comes with "
                    "it help work out the cause."
                ),
            ),
            (
                "table",
                {
                    "caption": "Common causes of stomach ache",
                    "rows": [
                        ["Likely cause", "Typical features"],
                        ["Indigestion", "Burning pain high in the tummy after meals"],
                        ["Trapped wind", "Bloating and cramps that pass with wind"],
                        ["Constipation", "Hard poo, straining, lower tummy ache"],
                        ["Stomach bug", "Cramps with diarrhoea or vomiting"],
                        ["Period pain", "Lower tummy cramps around a period"],
                    ],
                },
            ),
            ("heading", "Easing a tummy ache"),
            (
                "treatment",
                [
                    ("Rest and a hot water bottle", "Warmth relaxes cramping muscles."),
                    (
                        "Sip fluids",
                        "Water or weak tea; avoid alcohol and fizzy drinks.",
                    ),
                    ("Eat lightly", "Small, plain meals until you feel better."),
                ],
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "<p>Call emergency services if:</p><ul><li>the pain is sudden "
                        "and severe</li><li>the tummy is hard and very tender to "
                        "touch</li><li>you are vomiting blood or have black, tarry "
                        "poo</li><li>the pain spreads to your chest, neck or "
                        "arm</li></ul>"
                    ),
                    "Warning signs",
                ),
            ),
            ("references", [ref("Stomach ache: patient information", NHS)]),
        ],
    },
    {
        "slug": "heart-attack",
        "title": "Heart attack",
        "summary": (
            "A heart attack happens when blood flow to part of the heart muscle is "
            "suddenly blocked. It is a medical emergency: call emergency services "
            "immediately."
        ),
        "also_known_as": ["myocardial infarction", "MI", "coronary thrombosis"],
        "tags": ["heart", "first aid", "older adults"],
        "author": AUTHOR_PRIYA,
        "reviewer": EMERGENCY,
        **reviewed("2025-05-12", "2026-05-12"),
        "related": ["stroke", "stomach-ache"],
        "body": [
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "Call emergency services now if you think someone is having a "
                        "heart attack. Do not drive yourself to hospital."
                    ),
                    "This is an emergency",
                ),
            ),
            ("heading", "Symptoms"),
            (
                "symptoms",
                {
                    "title": "Symptoms",
                    "intro": "Symptoms vary; not everyone has severe chest pain.",
                    "items": [
                        "chest pain, pressure or tightness, which may spread to the "
                        "arms, jaw, neck, back or tummy",
                        "shortness of breath",
                        "sweating, feeling sick or light-headed",
                        "an overwhelming feeling of anxiety",
                    ],
                },
            ),
            ("heading", "What to do while you wait"),
            (
                "treatment",
                {
                    "title": "First aid",
                    "steps": [
                        (
                            "Call emergency services",
                            "Say you think it is a heart attack.",
                        ),
                        (
                            "Sit down and rest",
                            "A half-sitting position with knees bent is "
                            "often most comfortable.",
                        ),
                        (
                            "Aspirin",
                            "Chew one adult aspirin (300 mg) if advised by the "
                            "call handler and not allergic.",
                        ),
                        ("If they collapse", "Start CPR and ask for a defibrillator."),
                    ],
                },
            ),
            ("heading", "Causes and prevention"),
            (
                "paragraph",
                (
                    "Most heart attacks are caused by coronary heart disease, when "
                    "fatty deposits build up in the arteries. Not smoking, being "
                    "active, eating well and treating high blood pressure and "
                    "cholesterol lower the risk."
                ),
            ),
            (
                "faq",
                [
                    (
                        "Is a heart attack the same as cardiac arrest?",
                        "No. In a heart attack the heart is still beating but its "
                        "blood supply is blocked. In cardiac arrest the heart stops "
                        "pumping; it needs CPR at once.",
                    ),
                    (
                        "Can women have different symptoms?",
                        "Yes. Women, older people and people with diabetes are more "
                        "likely to have breathlessness, tiredness or tummy discomfort "
                        "rather than crushing chest pain.",
                    ),
                ],
            ),
            (
                "references",
                [
                    ref("Heart attack: patient information", NHS),
                    ref("Heart attack: information and support", BHF),
                ],
            ),
        ],
    },
    {
        "slug": "stroke",
        "title": "Stroke",
        "summary": (
            "A stroke happens when the blood supply to part of the brain is cut off. "
            "Think FAST: face, arms, speech, time to call emergency services."
        ),
        "also_known_as": [
            "brain attack",
            "cerebrovascular accident",
            "CVA",
            "mini stroke",
        ],
        "tags": ["brain", "heart", "first aid", "older adults"],
        "author": AUTHOR_GRACE,
        "reviewer": NEURO,
        **reviewed("2025-04-29", "2026-10-29"),
        "related": ["heart-attack", "headache"],
        "body": [
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "<p>Use the FAST test:</p><ul><li><b>Face</b>: has one side "
                        "dropped?</li><li><b>Arms</b>: can they lift both arms and "
                        "keep them up?</li><li><b>Speech</b>: is it slurred or "
                        "muddled?</li><li><b>Time</b>: call emergency services "
                        "straight away.</li></ul>"
                    ),
                    "Spot a stroke",
                ),
            ),
            ("heading", "Types of stroke"),
            (
                "paragraph",
                (
                    "Most strokes are caused by a clot blocking an artery to the "
                    "brain. Others are caused by bleeding in or around the brain. A "
                    "transient ischaemic attack, or mini stroke, causes the same "
                    "symptoms for a short time and is a warning that needs urgent "
                    "assessment."
                ),
            ),
            ("heading", "Recovery"),
            (
                "paragraph",
                (
                    "Recovery is often fastest in the first weeks and can continue for "
                    "months. Stroke can leave muscles stiff or prone to spasms; "
                    "physiotherapy and stretching help."
                ),
            ),
            (
                "key_facts",
                [
                    "Every minute counts: treatment to dissolve clots works best "
                    "early.",
                    "High blood pressure is the biggest preventable risk factor.",
                    "Symptoms that go away still need an emergency assessment.",
                ],
            ),
            (
                "references",
                [
                    ref("Stroke: patient information", NHS),
                    ref("Stroke information page", NINDS),
                ],
            ),
        ],
    },
    {
        "slug": "headache",
        "title": "Headache",
        "summary": (
            "Most headaches are not serious and get better with rest, fluids and "
            "simple painkillers. A few warning signs need urgent attention."
        ),
        "also_known_as": ["head pain", "sore head"],
        "tags": ["brain", "pain"],
        "author": AUTHOR_MARTA,
        "reviewer": GP,
        **reviewed("2025-02-07", "2027-02-07"),
        "related": ["tension-headache", "migraine", "dehydration"],
        "body": [
            ("heading", "Common causes"),
            (
                "causes",
                [
                    "tension and stress",
                    "not drinking enough",
                    "too little sleep or skipped meals",
                    "colds and flu",
                    "taking painkillers on too many days (medication overuse headache)",
                    "migraine",
                ],
            ),
            ("heading", "Self-care"),
            (
                "treatment",
                [
                    ("Drink water", "Dehydration is a very common trigger."),
                    ("Rest", "Lie down in a quiet room if you can."),
                    ("Painkillers", "Use them on no more than a few days a week."),
                    ("Keep a diary", "Note when headaches happen to spot triggers."),
                ],
            ),
            (
                "see_doctor",
                (
                    "emergency",
                    (
                        "<p>Call emergency services if a headache:</p><ul><li>came on "
                        "suddenly and is the worst you have ever had</li><li>follows a "
                        "head injury</li><li>comes with a stiff neck, fever and a "
                        "rash</li><li>comes with weakness, confusion or slurred "
                        "speech</li></ul>"
                    ),
                    "Warning signs",
                ),
            ),
            ("search_box", ("Search for a type of headache", "e.g. cluster headache")),
            ("references", [ref("Headaches: patient information", NHS)]),
        ],
    },
    {
        "slug": "migraine",
        "title": "Migraine",
        "summary": (
            "A migraine is a moderate or severe throbbing headache, often on one "
            "side, usually with feeling sick and sensitivity to light. Some people "
            "get warning signs called aura."
        ),
        "also_known_as": ["migraine headache", "sick headache", "migraine with aura"],
        "tags": ["brain", "pain"],
        "author": AUTHOR_PRIYA,
        "reviewer": NEURO,
        **reviewed("2025-03-09", "2027-03-09"),
        "related": ["headache", "tension-headache"],
        "body": [
            (
                "symptoms",
                [
                    "throbbing pain, often on one side of the head",
                    "feeling or being sick",
                    "sensitivity to light, sound or smells",
                    "aura: flashing lights, zigzag lines or tingling before the "
                    "headache",
                ],
            ),
            ("heading", "Triggers"),
            (
                "paragraph",
                (
                    "Common triggers include hormonal changes around periods, stress, "
                    "tiredness, missed meals, dehydration and some foods or drinks. "
                    "Triggers differ from person to person, so a diary helps."
                ),
            ),
            ("heading", "Treatment"),
            (
                "treatment",
                [
                    (
                        "Treat early",
                        "Take your usual painkiller at the first sign of an attack.",
                    ),
                    (
                        "Triptans",
                        "Prescription medicines that work well for many people.",
                    ),
                    ("Dark, quiet room", "Rest or sleep can shorten an attack."),
                    (
                        "Prevention",
                        "If you have frequent attacks, daily preventive "
                        "medicine may help.",
                    ),
                ],
            ),
            (
                "faq",
                [
                    (
                        "Is migraine with aura dangerous?",
                        "Usually not, but a first aura, or aura lasting more than an "
                        "hour, should be checked urgently.",
                    ),
                ],
            ),
            ("references", [ref("Migraine: patient information", NHS)]),
        ],
    },
    {
        "slug": "tension-headache",
        "title": "Tension headache",
        "summary": (
            "The most common type of headache: a dull, pressing ache on both sides "
            "of the head, like a tight band, often linked to stress and tight neck "
            "muscles."
        ),
        "also_known_as": ["tension-type headache", "stress headache"],
        "tags": ["pain", "muscles", "brain"],
        "author": AUTHOR_TOM,
        "reviewer": GP,
        **reviewed("2025-01-30", "2027-01-30"),
        "related": ["headache", "neck-pain", "migraine"],
        "body": [
            (
                "paragraph",
                (
                    "Tension headaches feel like pressure rather than throbbing. They "
                    "do not usually make you sick or stop your daily activities. Tight "
                    "muscles in the neck, shoulders and scalp often go with them."
                ),
            ),
            ("heading", "What helps"),
            (
                "treatment",
                [
                    (
                        "Relax tight muscles",
                        "Gentle neck stretches, a warm shower or massage.",
                    ),
                    (
                        "Regular exercise and sleep",
                        "Both reduce how often headaches come.",
                    ),
                    (
                        "Limit painkillers",
                        "Taking them on more than a few days a week can "
                        "cause more headaches.",
                    ),
                    ("Manage stress", "Breaks, breathing exercises and time outdoors."),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you have headaches several times a week or they "
                        "are getting worse."
                    ),
                ),
            ),
            ("references", [ref("Tension-type headaches: patient information", NHS)]),
        ],
    },
    {
        "slug": "carpal-tunnel-syndrome",
        "title": "Carpal tunnel syndrome",
        "summary": (
            "Pressure on a nerve in the wrist causes tingling, numbness and pain in "
            "the thumb and fingers, often at night. Wrist splints and exercises help "
            "many people."
        ),
        "also_known_as": ["CTS", "median nerve compression", "numb hands at night"],
        "tags": ["nerves", "pain", "pregnancy"],
        "author": AUTHOR_GRACE,
        "reviewer": SPORTS,
        **reviewed("2025-04-08", "2027-04-08"),
        "related": ["tendonitis", "hypothyroidism"],
        "body": [
            (
                "symptoms",
                [
                    "pins and needles or numbness in the thumb, index and middle "
                    "fingers",
                    "aching in the hand or wrist, worse at night",
                    "a weak grip or dropping things",
                ],
            ),
            (
                "causes",
                [
                    "repetitive wrist movements",
                    "pregnancy, because of fluid retention",
                    "diabetes and an underactive thyroid",
                    "a wrist injury or arthritis",
                ],
            ),
            ("heading", "Treatment"),
            (
                "treatment",
                [
                    (
                        "Wrist splint at night",
                        "Keeps the wrist straight and eases pressure on the nerve.",
                    ),
                    ("Hand exercises", "Gentle nerve and tendon gliding exercises."),
                    ("Adjust activities", "Take breaks from repetitive tasks."),
                    ("Injections or surgery", "For symptoms that do not improve."),
                ],
            ),
            ("references", [ref("Carpal tunnel syndrome: patient information", NHS)]),
        ],
    },
    {
        "slug": "plantar-fasciitis",
        "title": "Plantar fasciitis",
        "summary": (
            "Pain under the heel, worst with the first steps in the morning, caused "
            "by irritation of the thick band of tissue under the foot. Most people "
            "recover within a year with stretching and good footwear."
        ),
        "also_known_as": ["heel pain", "policeman's heel", "painful heel"],
        "tags": ["sports", "pain"],
        "author": AUTHOR_MARTA,
        "reviewer": SPORTS,
        **reviewed("2025-02-18", "2027-02-18"),
        "related": ["shin-splints", "tendonitis", "stretching-to-prevent-cramp"],
        "body": [
            (
                "symptoms",
                [
                    "sharp or aching pain under the heel",
                    "pain on the first steps after getting up or resting",
                    "pain after, rather than during, exercise",
                ],
            ),
            ("heading", "Self-care"),
            (
                "treatment",
                [
                    (
                        "Calf and foot stretches",
                        "Several times a day, especially before getting out of bed.",
                    ),
                    (
                        "Supportive shoes",
                        "Cushioned heels and good arch support; avoid "
                        "walking barefoot on hard floors.",
                    ),
                    ("Ice", "Roll the foot over a frozen bottle wrapped in a cloth."),
                    ("Cut back on running", "Swap to cycling or swimming for a while."),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP or physiotherapist if heel pain has not improved "
                        "after two weeks of self-care, or you have numbness or "
                        "tingling in the foot."
                    ),
                ),
            ),
            ("references", [ref("Plantar fasciitis: patient information", NHS)]),
        ],
    },
    {
        "slug": "shin-splints",
        "title": "Shin splints",
        "summary": (
            "Pain along the inner edge of the shin bone after running or jumping. "
            "Rest from high-impact exercise usually lets it settle in a few weeks."
        ),
        "also_known_as": ["medial tibial stress syndrome", "shin pain"],
        "tags": ["sports", "pain", "muscles"],
        "author": AUTHOR_TOM,
        "reviewer": SPORTS,
        **reviewed("2025-03-21", "2027-03-21"),
        "related": ["sports-injuries", "plantar-fasciitis", "muscle-strain"],
        "body": [
            (
                "causes",
                [
                    "increasing running distance or speed too quickly",
                    "running on hard or uneven surfaces",
                    "worn-out or unsupportive trainers",
                    "flat feet",
                ],
            ),
            ("heading", "Recovery"),
            (
                "treatment",
                [
                    (
                        "Rest from impact",
                        "Switch to swimming or cycling for two to four weeks.",
                    ),
                    ("Ice", "Wrapped ice packs after activity."),
                    (
                        "Build up slowly",
                        "Increase distance by no more than about a tenth each week.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if pain continues at rest, is in one small spot on "
                        "the bone, or the shin is swollen: these can be signs of a "
                        "stress fracture."
                    ),
                ),
            ),
            ("references", [ref("Shin splints: patient information", NHS)]),
        ],
    },
    {
        "slug": "sports-injuries",
        "title": "Sports injuries",
        "summary": (
            "Sprains, strains, cramps and tendon problems are the most common sports "
            "injuries. Most can be treated at home; knowing when to stop and when to "
            "get help is key."
        ),
        "also_known_as": ["exercise injuries", "sprains and strains"],
        "tags": ["sports", "muscles", "first aid"],
        "author": AUTHOR_PRIYA,
        "reviewer": SPORTS,
        **reviewed("2025-05-05", "2027-05-05"),
        "related": ["muscle-strain", "shin-splints", "muscle-cramps"],
        "body": [
            ("heading", "Common injuries"),
            (
                "table",
                {
                    "caption": "Common sports injuries and first steps",
                    "first_col_is_header": True,
                    "rows": [
                        ["Injury", "Typical cause", "First step"],
                        [
                            "Sprain",
                            "Twisting a joint such as the ankle",
                            "Protect, ice, elevate",
                        ],
                        [
                            "Strain",
                            "Overstretching a muscle",
                            "Rest, then gentle movement",
                        ],
                        ["Cramp", "Tired muscles, heat", "Stretch and massage"],
                        ["Tendon pain", "Overuse", "Reduce load, strengthen"],
                        [
                            "Head injury",
                            "Collision or fall",
                            "Stop playing, get checked",
                        ],
                    ],
                },
            ),
            ("heading", "Preventing injuries"),
            (
                "treatment",
                {
                    "title": "Prevention",
                    "steps": [
                        ("Warm up", "Five to ten minutes of gentle movement first."),
                        ("Build up gradually", "Avoid big jumps in training."),
                        ("Drink and refuel", "Especially in hot weather."),
                        (
                            "Rest days",
                            "Muscles and tendons strengthen during recovery.",
                        ),
                    ],
                },
            ),
            (
                "see_doctor",
                (
                    "urgent",
                    (
                        "Get urgent help for a suspected broken bone, a joint that "
                        "looks misshapen, a head injury with confusion or vomiting, or "
                        "if you cannot put weight on a leg."
                    ),
                ),
            ),
            ("references", [ref("Sports injuries: patient information", NHS)]),
        ],
    },
    {
        "slug": "stretching-to-prevent-cramp",
        "title": "Stretching to prevent cramp",
        "summary": (
            "Regular, gentle stretching of the calves and thighs is the simplest way "
            "to cut down on cramps, particularly the kind that strike at night."
        ),
        "also_known_as": ["cramp stretches", "calf stretches", "leg stretches"],
        "tags": ["muscles", "sports", "older adults"],
        "author": AUTHOR_GRACE,
        "reviewer": SPORTS,
        **reviewed("2025-04-25", "2027-04-25"),
        "related": ["muscle-cramps", "night-leg-cramps"],
        "body": [
            (
                "paragraph",
                (
                    "Muscles that are kept flexible are less likely to lock. Stretches "
                    "take only a few minutes and are safe for most people, including "
                    "in pregnancy. Stop if a stretch is painful rather than just tight."
                ),
            ),
            ("heading", "A five-minute routine"),
            (
                "treatment",
                {
                    "title": "Before bed, every day",
                    "steps": [
                        (
                            "Wall calf stretch",
                            "Hands on a wall, one leg back with the heel down, lean "
                            "forward. Hold 30 seconds, three times each leg.",
                        ),
                        (
                            "Bent-knee calf stretch",
                            "As above with the back knee slightly "
                            "bent, to reach the lower calf.",
                        ),
                        (
                            "Hamstring stretch",
                            "Sit with one leg straight and reach towards the toes.",
                        ),
                        (
                            "Thigh stretch",
                            "Standing, hold a chair and bring your heel "
                            "towards your buttock.",
                        ),
                        (
                            "Towel foot stretch",
                            "Sitting in bed, loop a towel round the "
                            "foot and pull the toes gently towards you.",
                        ),
                    ],
                },
            ),
            (
                "key_facts",
                [
                    "Stretch slowly and never bounce.",
                    "It may take a few weeks of daily stretching to notice fewer "
                    "cramps.",
                    "Hold each stretch for about 30 seconds.",
                ],
            ),
            ("references", [ref("Leg cramps: stretching advice", NHS)]),
        ],
    },
    {
        "slug": "anaemia",
        "title": "Anaemia",
        "summary": (
            "Anaemia means you have fewer red blood cells or less haemoglobin than "
            "normal, so less oxygen reaches your muscles. Tiredness and "
            "breathlessness are the main signs; iron deficiency is the commonest "
            "cause."
        ),
        "also_known_as": ["iron deficiency anaemia", "low haemoglobin", "low iron"],
        "tags": ["nutrition", "pregnancy"],
        "author": AUTHOR_MARTA,
        "reviewer": PHYSICIAN,
        **reviewed("2025-03-14", "2027-03-14"),
        "related": ["restless-legs-syndrome", "leg-cramps-in-pregnancy"],
        "body": [
            (
                "symptoms",
                [
                    "tiredness and lack of energy",
                    "shortness of breath",
                    "a pounding or fluttering heartbeat",
                    "pale skin",
                    "headaches",
                    "restless legs",
                ],
            ),
            (
                "causes",
                [
                    "heavy periods",
                    "pregnancy",
                    "bleeding from the gut, for example from an ulcer",
                    "a diet low in iron, vitamin B12 or folate",
                    "long-term conditions such as kidney disease",
                ],
            ),
            ("heading", "Treatment"),
            (
                "paragraph",
                (
                    "A blood test confirms anaemia and helps find the cause. Iron "
                    "deficiency anaemia is treated with iron tablets, usually for "
                    "several months; they can upset the stomach and darken your poo. "
                    "Eating iron-rich foods such as red meat, beans, lentils and dark "
                    "green vegetables also helps."
                ),
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if you are tired all the time, short of breath or "
                        "notice your heart racing, particularly if you have heavy "
                        "periods."
                    ),
                ),
            ),
            ("references", [ref("Iron deficiency anaemia: patient information", NHS)]),
        ],
    },
    {
        "slug": "kidney-disease-and-cramps",
        "title": "Kidney disease and muscle cramps",
        "summary": (
            "Muscle cramps are common in long-term kidney disease and during "
            "dialysis, because the kidneys help control fluid and salt levels. "
            "Several changes can reduce them."
        ),
        "also_known_as": ["dialysis cramps", "chronic kidney disease cramps", "CKD"],
        "tags": ["kidneys", "muscles", "older adults"],
        "author": AUTHOR_PRIYA,
        "reviewer": PHYSICIAN,
        **reviewed("2025-02-27", "2027-02-27"),
        "related": ["muscle-cramps", "electrolyte-imbalance", "restless-legs-syndrome"],
        "body": [
            ("heading", "Why kidney disease causes cramps"),
            (
                "paragraph",
                (
                    "Healthy kidneys balance water and salts such as sodium, "
                    "potassium, calcium and phosphate. When they work less well, "
                    "levels drift, fluid builds up (oedema) and nerves and muscles "
                    "become irritable. During dialysis, fluid is removed quickly, "
                    "which can trigger cramps in the legs."
                ),
            ),
            (
                "symptoms",
                {
                    "title": "Other signs of kidney disease",
                    "intro": "Early kidney disease often causes no symptoms at all.",
                    "items": [
                        "swollen ankles, feet or hands (oedema)",
                        "tiredness",
                        "itchy skin",
                        "passing more or less urine than usual",
                    ],
                },
            ),
            (
                "treatment",
                [
                    (
                        "Tell your kidney team",
                        "Cramps during dialysis may mean the fluid "
                        "removal target needs adjusting.",
                    ),
                    (
                        "Stick to fluid advice",
                        "Gaining less fluid between sessions means "
                        "less has to be removed.",
                    ),
                    (
                        "Stretch",
                        "Calf stretches before bed and during dialysis can help.",
                    ),
                    (
                        "Check medicines",
                        "Ask before taking any supplement, including "
                        "magnesium or potassium.",
                    ),
                ],
            ),
            ("references", [ref("Chronic kidney disease: overview", KIDNEY)]),
        ],
    },
    {
        "slug": "leg-cramps-in-pregnancy",
        "title": "Leg cramps in pregnancy",
        "summary": (
            "Painful cramps in the calves or feet are common in the second and third "
            "trimesters, often at night. Stretching, gentle exercise and staying "
            "well hydrated help."
        ),
        "also_known_as": ["pregnancy leg cramps", "pregnancy cramps at night"],
        "tags": ["pregnancy", "muscles"],
        "author": AUTHOR_GRACE,
        "reviewer": MIDWIFE,
        **reviewed("2025-04-14", "2027-04-14"),
        "related": ["night-leg-cramps", "stretching-to-prevent-cramp", "anaemia"],
        "body": [
            (
                "paragraph",
                (
                    "Nobody knows exactly why cramps are more common in pregnancy. "
                    "Extra weight, changes in circulation and the way the body handles "
                    "minerals probably all play a part."
                ),
            ),
            ("heading", "Easing and preventing cramps"),
            (
                "treatment",
                [
                    (
                        "Stretch your calves",
                        "Before bed and when a cramp starts: pull your "
                        "toes towards you with the leg straight.",
                    ),
                    (
                        "Keep moving",
                        "Regular walking or swimming improves circulation.",
                    ),
                    ("Drink regularly", "Keep a glass of water by the bed."),
                    (
                        "Ask about magnesium",
                        "Some midwives suggest it; check with your "
                        "midwife or pharmacist first.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "urgent",
                    (
                        "Contact your midwife or doctor urgently if one leg is "
                        "painful, warm, red or swollen, especially the calf. This "
                        "could be a blood clot (deep vein thrombosis) rather than a "
                        "cramp."
                    ),
                    "When it might not be a cramp",
                ),
            ),
            (
                "faq",
                [
                    (
                        "Are leg cramps a sign something is wrong with the baby?",
                        "No. Cramps are common and do not harm the baby.",
                    ),
                    (
                        "Will cramps stop after birth?",
                        "They usually stop soon after the baby is born.",
                    ),
                ],
            ),
            ("references", [ref("Common health problems in pregnancy", NHS)]),
        ],
    },
    {
        "slug": "eyelid-twitching",
        "title": "Eyelid twitching",
        "summary": (
            "A flickering eyelid is usually harmless and linked to tiredness, stress "
            "or caffeine. It generally stops on its own within days or weeks."
        ),
        "also_known_as": ["eye twitch", "twitchy eye", "myokymia", "eyelid spasm"],
        "tags": ["muscles", "nerves"],
        "author": AUTHOR_TOM,
        "reviewer": GP,
        **reviewed("2025-05-10", "2027-05-10"),
        "related": ["muscle-spasms", "dystonia", "magnesium-deficiency"],
        "body": [
            (
                "paragraph",
                (
                    "A twitching eyelid is a small muscle spasm in the muscle that "
                    "closes the eye. It is often only in the lower lid of one eye, and "
                    "other people rarely notice it even when it feels obvious to you."
                ),
            ),
            (
                "causes",
                [
                    "tiredness and lack of sleep",
                    "stress",
                    "caffeine and alcohol",
                    "dry or strained eyes from screens",
                ],
            ),
            (
                "treatment",
                [
                    (
                        "Sleep and screen breaks",
                        "Look away from the screen every 20 minutes.",
                    ),
                    ("Cut down on caffeine", "For a week or two."),
                    (
                        "Warm compress",
                        "A warm flannel over closed eyes for a few minutes.",
                    ),
                ],
            ),
            (
                "see_doctor",
                (
                    "routine",
                    (
                        "See a GP if the twitching lasts more than a few weeks, your "
                        "eyelid closes completely, other parts of your face twitch, or "
                        "your eye is red or swollen."
                    ),
                ),
            ),
        ],
    },
]
