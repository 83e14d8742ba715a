"""The starter urgent-help entries, written for this project.

Loaded once by migration 0009 (only when no entry exists yet, so editors'
own entries are never touched). Numbers are placeholders replaced with the
site's "Urgent help numbers" setting when a message is shown.

Each entry: title, priority, message (Wagtail rich text), phrases (every word
of one phrase must be in the query), synonym sets (words that count as the
same for this entry) and exclusions (queries holding one never show it).
"""

STARTER_URGENT_HELP = [
    {
        "title": "Chest pain can be a heart attack",
        "priority": 20,
        "message": (
            "<p><b>Chest pain that is crushing, spreading to the arm, jaw or back, "
            "or comes with breathlessness or sweating needs help now.</b></p>"
            '<ul><li>Call <a href="tel:{emergency_number}">{emergency_number}</a> '
            "for an ambulance.</li>"
            "<li>Sit down and rest while you wait; do not drive yourself.</li></ul>"
        ),
        "phrases": [
            "chest pain",
            "heart attack",
            "pain in chest",
            "crushing chest",
            "chest tightness",
        ],
        "synonym_sets": [
            "pain, hurt, hurts, hurting, ache, aches, aching, sore, tight, "
            "tightness, pressure, crushing, squeezing, heavy, heaviness",
        ],
        "exclusions": [],
    },
    {
        "title": "Signs of a stroke: act fast",
        "priority": 20,
        "message": (
            "<p><b>A drooping face, a weak arm or slurred speech that starts "
            "suddenly can be a stroke.</b></p>"
            '<ul><li>Call <a href="tel:{emergency_number}">{emergency_number}</a> '
            "straight away, even if the signs go away.</li>"
            "<li>Note the time the signs started.</li></ul>"
        ),
        "phrases": [
            "stroke",
            "face drooping",
            "slurred speech",
            "sudden numbness",
            "sudden weakness one side",
        ],
        "synonym_sets": [
            "drooping, droopy, droop, drooped, sagging",
            "slurred, slurring, slur, garbled",
            "stroke, strokes, tia",
        ],
        "exclusions": [
            "heat stroke",
            "sun stroke",
            "swimming",
            "breast stroke",
            "back stroke",
            "golf",
            "tennis",
        ],
    },
    {
        "title": "Difficulty breathing",
        "priority": 20,
        "message": (
            "<p><b>Struggling to breathe, lips or face turning blue, or being "
            "unable to speak in full sentences is an emergency.</b></p>"
            '<ul><li>Call <a href="tel:{emergency_number}">{emergency_number}</a>.'
            "</li><li>Sit upright and loosen tight clothing.</li></ul>"
        ),
        "phrases": [
            "difficulty breathing",
            "can't breathe",
            "short of breath",
            "shortness of breath",
            "gasping for air",
            "choking",
            "lips blue",
        ],
        "synonym_sets": [
            "difficulty, difficult, trouble, struggling, struggle, problem, "
            "problems, can't, cannot, unable, cant",
            "breathing, breathe, breath, breathless",
            "blue, bluish, grey",
        ],
        "exclusions": ["exercises", "exercise", "singers", "singing", "yoga"],
    },
    {
        "title": "Severe bleeding",
        "priority": 30,
        "message": (
            "<p><b>Bleeding that spurts, pours or will not stop with firm "
            "pressure needs help now.</b></p>"
            '<ul><li>Call <a href="tel:{emergency_number}">{emergency_number}</a>.'
            "</li><li>Press firmly on the wound with a clean cloth and keep "
            "pressing.</li></ul>"
        ),
        "phrases": [
            "severe bleeding",
            "bleeding won't stop",
            "can't stop bleeding",
            "spurting blood",
            "deep cut",
        ],
        "synonym_sets": [
            "severe, heavy, heavily, badly, uncontrolled, pouring, spurting",
            "bleeding, bleed, bleeds, bled",
            "won't, wont, can't, cannot, not",
        ],
        "exclusions": [
            "period",
            "periods",
            "menstrual",
            "gums",
            "nose",
            "pregnancy",
        ],
    },
    {
        "title": "Overdose or poisoning",
        "priority": 30,
        "message": (
            "<p><b>If someone has taken too much of a medicine or swallowed "
            "something harmful:</b></p>"
            '<ul><li>Call <a href="tel:{poison_control_number}">'
            "{poison_control_number}</a> (poison control) for advice.</li>"
            "<li>If they are unconscious, having a seizure or struggling to "
            'breathe, call <a href="tel:{emergency_number}">{emergency_number}'
            "</a>.</li><li>Keep the packet or bottle to show.</li></ul>"
        ),
        "phrases": [
            "overdose",
            "too many pills",
            "poisoning",
            "poisoned",
            "swallowed poison",
            "swallowed bleach",
            "drank bleach",
        ],
        "synonym_sets": [
            "overdose, overdosed, overdosing, od",
            "pills, pill, tablets, tablet, paracetamol, acetaminophen, tylenol, "
            "medicine, medicines, medication, painkillers",
            "many, much",
            "swallowed, swallow, drank, drunk, ate, eaten",
            "poisoning, poisoned, poison",
        ],
        "exclusions": ["food", "blood", "lead", "organiser", "organizer"],
    },
    {
        "title": "If you are thinking about suicide",
        "priority": 10,
        "message": (
            "<p><b>You do not have to face this alone.</b> Talk to someone now:"
            "</p><ul><li>Call or text "
            '<a href="tel:{crisis_line_number}">{crisis_line_number}</a> '
            "(crisis line, any time).</li>"
            '<li>If you are in danger now, call <a href="tel:{emergency_number}">'
            "{emergency_number}</a>.</li></ul>"
        ),
        "phrases": [
            "suicide",
            "suicidal",
            "kill myself",
            "want to die",
            "end my life",
            "self harm",
            "harm myself",
            "cutting myself",
        ],
        "synonym_sets": [
            "suicide, suicidal",
            "kill, killing, end, ending",
            "harm, harming, harmed",
        ],
        "exclusions": [],
    },
    {
        "title": "Severe allergic reaction (anaphylaxis)",
        "priority": 20,
        "message": (
            "<p><b>Swelling of the throat or tongue, trouble breathing or "
            "fainting after a sting, food or medicine can be anaphylaxis.</b></p>"
            "<ul><li>Use an adrenaline auto-injector if there is one.</li>"
            '<li>Call <a href="tel:{emergency_number}">{emergency_number}</a>, '
            "even if the person feels better.</li></ul>"
        ),
        "phrases": [
            "anaphylaxis",
            "anaphylactic",
            "severe allergic reaction",
            "throat swelling",
            "tongue swelling",
            "epipen",
        ],
        "synonym_sets": [
            "anaphylaxis, anaphylactic, anaphylactoid",
            "swelling, swollen, swell, swells, closing",
            "throat, tongue, lips",
            "severe, serious, bad",
            "allergic, allergy",
        ],
        "exclusions": [],
    },
]
