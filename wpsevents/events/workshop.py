"""The ASEAN WPS localisation workshop as demo content, in English and Khmer.

Facts come from the organisers' announcement. The programme's details, rooms, speakers, capacity
and venue are invented sample content, flagged as such in the admin for organisers to replace.
"""

EVENT = {
    "slug": "wps-localisation-workshop-2023",
    "title": {
        "en": "Launch of the ASEAN Localisation Toolkit and Guideline and Awareness Raising "
        "Workshop on Localization of Women, Peace and Security in Cambodia",
        "km": "",
    },
    "summary": {
        "en": "Two days in Phnom Penh to launch the ASEAN guideline and toolkit for localising the "
        "Regional Plan of Action on Women, Peace and Security, and to raise awareness of "
        "what localising the agenda means for Cambodia's national and local contexts.",
        "km": "",
    },
    "description": {
        "en": "In November 2022 the ASEAN Leaders adopted the first ASEAN Regional Plan of Action "
        "on Women, Peace and Security (ASEAN RPA-WPS), launched in Phnom Penh on "
        "5 December 2022. It sets out how ASEAN Member States can put the four pillars of "
        "the Women, Peace and Security agenda into practice.\n\n"
        "Cambodia was among the original members of the ASEAN Advisory Group on WPS and led "
        "the development of the plan. It now chairs the Advisory Group that oversees its "
        "implementation, and, with the support of UN Women, leads the development of a "
        "guideline and toolkit that help ASEAN Member States localise the plan in their own "
        "national contexts.\n\n"
        "In Asia and the Pacific, Cambodia was the first recipient of the Elsie Initiative "
        "Fund for Uniformed Women in Peace Operations, with an assessment of the "
        "opportunities for women in peacekeeping: experience worth sharing with other ASEAN "
        "Member States.\n\n"
        "Cambodia's own recovery after conflict showed the crucial role of women in relief "
        "and recovery. Today, conflict, climate change, trafficking, cybersecurity and "
        "transnational crime weigh most heavily on women and girls, while their voice and "
        "leadership in peace and security decisions are not yet fully recognised.\n\n"
        "UN Women and the Ministry of Women's Affairs (MOWA) bring national and local actors "
        "together to launch the toolkit and guideline, and to build national ownership of "
        "the agenda through regional and national efforts that reinforce each other.",
        "km": "",
    },
    "highlights_title": {"en": "The four pillars of the ASEAN RPA-WPS", "km": ""},
    "highlights": {
        "en": "Protection: of the rights, safety and dignity of women and girls\n"
        "Participation: of women in peace and security decision-making\n"
        "Prevention: of conflict and of violence against women and girls\n"
        "Relief and recovery: that meet women's needs and draw on their leadership",
        "km": "",
    },
    "venue_name": {"en": "Hotel conference centre, Phnom Penh (sample venue)", "km": ""},
    "venue_address": {"en": "Phnom Penh, Cambodia", "km": ""},
    "organisers": {
        "en": "UN Women, with Cambodia's Ministry of Women's Affairs (MOWA)",
        "km": "",
    },
    "map_url": "https://www.openstreetmap.org/search?query=Phnom%20Penh",
    "livestream_url": "https://www.youtube.com/@ASEANSecretariat",
    "capacity": 120,
}

# (day, start, end, kind, capacity, title, description, speakers, moderators, room)
SESSIONS = [
    (
        1,
        "08:00",
        "08:30",
        "break",
        None,
        {"en": "Arrival and registration", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": ""},
    ),
    (
        1,
        "08:30",
        "09:30",
        "opening",
        None,
        {"en": "Opening ceremony", "km": ""},
        {
            "en": "Welcome remarks by the Ministry of Women's Affairs, UN Women and the ASEAN "
            "Secretariat.",
            "km": "",
        },
        "Minister of Women's Affairs (sample)\nUN Women Representative (sample)\n"
        "ASEAN Secretariat representative (sample)",
        "Master of ceremonies (sample)",
        {"en": "Main hall", "km": ""},
    ),
    (
        1,
        "09:30",
        "10:30",
        "plenary",
        None,
        {"en": "Launch of the ASEAN Localisation Toolkit and Guideline", "km": ""},
        {
            "en": "Presentation of the guideline and toolkit that help ASEAN Member States localise "
            "the RPA-WPS, and how Cambodia led their development.",
            "km": "",
        },
        "Chair of the ASEAN Advisory Group on WPS (sample)\nUN Women WPS specialist (sample)",
        "",
        {"en": "Main hall", "km": ""},
    ),
    (
        1,
        "10:30",
        "10:45",
        "break",
        None,
        {"en": "Morning coffee break", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": ""},
    ),
    (
        1,
        "10:45",
        "12:15",
        "panel",
        None,
        {
            "en": "The four pillars in practice: protection, participation, prevention, relief and "
            "recovery",
            "km": "",
        },
        {
            "en": "What each pillar of the RPA-WPS asks of ministries, provinces and communities.",
            "km": "",
        },
        "Ministry of Interior representative (sample)\nWomen's organisation leader (sample)\n"
        "Researcher on gender and security (sample)",
        "UN Women programme officer (sample)",
        {"en": "Main hall", "km": ""},
    ),
    (
        1,
        "12:15",
        "13:30",
        "break",
        None,
        {"en": "Lunch", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Restaurant", "km": ""},
    ),
    (
        1,
        "13:30",
        "15:00",
        "panel",
        None,
        {
            "en": "Women in peacekeeping: Cambodia's experience and the Elsie Initiative assessment",
            "km": "",
        },
        {
            "en": "Findings of the assessment of opportunities for uniformed women in peace "
            "operations, and lessons for other ASEAN Member States.",
            "km": "",
        },
        "Peacekeeping officer (sample)\nElsie Initiative assessment team member (sample)",
        "Ministry of National Defence representative (sample)",
        {"en": "Main hall", "km": ""},
    ),
    (
        1,
        "15:00",
        "15:15",
        "break",
        None,
        {"en": "Afternoon coffee break", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": ""},
    ),
    (
        1,
        "15:15",
        "16:45",
        "panel",
        None,
        {
            "en": "Emerging security challenges: climate change, trafficking, cybersecurity and "
            "transnational crime",
            "km": "",
        },
        {
            "en": "How non-traditional threats affect women and girls, and why their leadership "
            "matters in the answers.",
            "km": "",
        },
        "Climate and disaster risk expert (sample)\nAnti-trafficking specialist (sample)\n"
        "Cybersecurity researcher (sample)",
        "Journalist (sample)",
        {"en": "Main hall", "km": ""},
    ),
    (
        1,
        "16:45",
        "17:00",
        "plenary",
        None,
        {"en": "Summary of the first day", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Main hall", "km": ""},
    ),
    (
        2,
        "08:30",
        "09:00",
        "plenary",
        None,
        {"en": "Introduction to the working groups", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Main hall", "km": ""},
    ),
    (
        2,
        "09:00",
        "10:30",
        "working_group",
        40,
        {"en": "Working group A: the RPA-WPS in national plans and policies", "km": ""},
        {
            "en": "Bringing the regional plan into national action plans, budgets and monitoring.",
            "km": "",
        },
        "",
        "Facilitator (sample)",
        {"en": "Room A", "km": ""},
    ),
    (
        2,
        "09:00",
        "10:30",
        "working_group",
        40,
        {"en": "Working group B: localising in provinces and communities", "km": ""},
        {"en": "Sub-national authorities, commune councils and local women's networks.", "km": ""},
        "",
        "Facilitator (sample)",
        {"en": "Room B", "km": ""},
    ),
    (
        2,
        "09:00",
        "10:30",
        "working_group",
        40,
        {"en": "Working group C: women's leadership in the security sector", "km": ""},
        {
            "en": "Recruitment, retention and leadership of women in police, defence and "
            "peacekeeping.",
            "km": "",
        },
        "",
        "Facilitator (sample)",
        {"en": "Room C", "km": ""},
    ),
    (
        2,
        "10:30",
        "10:45",
        "break",
        None,
        {"en": "Coffee break before the reports", "km": ""},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": ""},
    ),
    (
        2,
        "10:45",
        "12:00",
        "plenary",
        None,
        {"en": "Reports from the working groups and next steps for national ownership", "km": ""},
        {"en": "", "km": ""},
        "",
        "UN Women programme officer (sample)",
        {"en": "Main hall", "km": ""},
    ),
    (
        2,
        "12:00",
        "12:30",
        "closing",
        None,
        {"en": "Closing ceremony", "km": ""},
        {"en": "", "km": ""},
        "Ministry of Women's Affairs (sample)\nUN Women (sample)",
        "",
        {"en": "Main hall", "km": ""},
    ),
]

# (key, kind, title, description, url, language, is_key, session title (en) or None)
RESOURCES = [
    (
        "recording",
        "recording",
        {"en": "Livestream recording on ASEAN's YouTube channel", "km": ""},
        {"en": "The workshop was streamed live on ASEAN's YouTube channel.", "km": ""},
        "https://www.youtube.com/@ASEANSecretariat",
        "en",
        True,
        None,
    ),
    (
        "press-release",
        "press_release",
        {
            "en": "Press release: ASEAN launches guidelines for member countries to adapt women, "
            "peace and security policy",
            "km": "",
        },
        {"en": "", "km": ""},
        "https://asean.org/",
        "en",
        True,
        None,
    ),
    (
        "rpa-wps",
        "document",
        {"en": "ASEAN Regional Plan of Action on Women, Peace and Security (RPA-WPS)", "km": ""},
        {"en": "Adopted by the ASEAN Leaders in November 2022.", "km": ""},
        "https://asean.org/",
        "en",
        True,
        None,
    ),
    (
        "toolkit",
        "document",
        {"en": "ASEAN Localisation Toolkit and Guideline for the RPA-WPS", "km": ""},
        {
            "en": "For ASEAN Member States localising the plan, developed under Cambodia's lead with "
            "UN Women.",
            "km": "",
        },
        "https://asiapacific.unwomen.org/",
        "en",
        True,
        "Launch of the ASEAN Localisation Toolkit and Guideline",
    ),
]
