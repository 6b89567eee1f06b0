"""The ASEAN WPS localisation workshop as demo content, in English and Khmer.

Facts come from the organisers' announcement. The programme's details, rooms, speakers, capacity
and venue are invented sample content, flagged as such in the admin for organisers to replace.
"""

EVENT = {
    "slug": "wps-localisation-workshop-2023",
    "title": {
        "en": "Launch of the ASEAN Localisation Toolkit and Guideline and Awareness Raising "
        "Workshop on Localization of Women, Peace and Security in Cambodia",
        "km": "ពិធីដាក់ឱ្យប្រើប្រាស់កញ្ចប់ឧបករណ៍ "
        "និងគោលការណ៍ណែនាំរបស់អាស៊ានស្តីពីការធ្វើមូលដ្ឋានីយកម្ម "
        "និងសិក្ខាសាលាលើកកម្ពស់ការយល់ដឹងស្តីពីការធ្វើមូលដ្ឋានីយកម្មរបៀបវារៈស្ត្រី "
        "សន្តិភាព និងសន្តិសុខនៅកម្ពុជា",
    },
    "summary": {
        "en": "Two days in Phnom Penh to launch the ASEAN guideline and toolkit for localising the "
        "Regional Plan of Action on Women, Peace and Security, and to raise awareness of "
        "what localising the agenda means for Cambodia's national and local contexts.",
        "km": "កម្មវិធីរយៈពេលពីរថ្ងៃនៅរាជធានីភ្នំពេញ "
        "ដើម្បីដាក់ឱ្យប្រើប្រាស់គោលការណ៍ណែនាំ និងកញ្ចប់ឧបករណ៍របស់អាស៊ាន "
        "សម្រាប់ការធ្វើមូលដ្ឋានីយកម្មផែនការសកម្មភាពថ្នាក់តំបន់ស្តីពីស្ត្រី "
        "សន្តិភាព និងសន្តិសុខ "
        "និងដើម្បីលើកកម្ពស់ការយល់ដឹងអំពីអត្ថន័យនៃការធ្វើមូលដ្ឋានីយកម្មរបៀបវារៈនេះ "
        "សម្រាប់បរិបទថ្នាក់ជាតិ និងថ្នាក់មូលដ្ឋានរបស់កម្ពុជា។",
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
        "km": "នៅខែវិច្ឆិកា ឆ្នាំ២០២២ "
        "ថ្នាក់ដឹកនាំអាស៊ានបានអនុម័តផែនការសកម្មភាពថ្នាក់តំបន់អាស៊ានស្តីពីស្ត្រី "
        "សន្តិភាព និងសន្តិសុខ (ASEAN RPA-WPS) ដែលជាផែនការដំបូងបង្អស់នៃប្រភេទនេះ "
        "ហើយត្រូវបានដាក់ឱ្យប្រើប្រាស់នៅរាជធានីភ្នំពេញ នៅថ្ងៃទី៥ ខែធ្នូ "
        "ឆ្នាំ២០២២។ "
        "ផែនការនេះកំណត់អំពីរបៀបដែលរដ្ឋសមាជិកអាស៊ានអាចយកសសរស្តម្ភទាំងបួននៃរបៀបវារៈស្ត្រី "
        "សន្តិភាព និងសន្តិសុខ ទៅអនុវត្តជាក់ស្តែង។\n"
        "\n"
        "កម្ពុជាស្ថិតក្នុងចំណោមសមាជិកដំបូងនៃក្រុមប្រឹក្សាយោបល់អាស៊ានស្តីពីស្ត្រី "
        "សន្តិភាព និងសន្តិសុខ និងបានដឹកនាំការរៀបចំផែនការនេះ។ បច្ចុប្បន្ន "
        "កម្ពុជាជាប្រធានក្រុមប្រឹក្សាយោបល់ដែលត្រួតពិនិត្យការអនុវត្តផែនការនេះ "
        "ហើយដោយមានការគាំទ្រពី UN Women កម្ពុជាកំពុងដឹកនាំការរៀបចំគោលការណ៍ណែនាំ "
        "និងកញ្ចប់ឧបករណ៍ "
        "ដែលជួយរដ្ឋសមាជិកអាស៊ានក្នុងការធ្វើមូលដ្ឋានីយកម្មផែនការនេះទៅតាមបរិបទជាតិរបស់ខ្លួន។\n"
        "\n"
        "នៅតំបន់អាស៊ី និងប៉ាស៊ីហ្វិក "
        "កម្ពុជាគឺជាប្រទេសដំបូងគេដែលទទួលបានមូលនិធិគំនិតផ្តួចផ្តើម Elsie "
        "សម្រាប់ស្ត្រីពាក់ឯកសណ្ឋានក្នុងប្រតិបត្តិការរក្សាសន្តិភាព "
        "ព្រមទាំងការវាយតម្លៃលើឱកាសសម្រាប់ស្ត្រីក្នុងការរក្សាសន្តិភាព "
        "ដែលជាបទពិសោធន៍គួរចែករំលែកជាមួយរដ្ឋសមាជិកអាស៊ានដទៃទៀត។\n"
        "\n"
        "បទពិសោធន៍នៃការស្តារឡើងវិញក្រោយជម្លោះរបស់កម្ពុជាផ្ទាល់ "
        "បានបង្ហាញពីតួនាទីដ៏សំខាន់របស់ស្ត្រី ក្នុងការសង្គ្រោះ "
        "និងការស្តារឡើងវិញ។ សព្វថ្ងៃនេះ ជម្លោះ ការប្រែប្រួលអាកាសធាតុ "
        "ការជួញដូរមនុស្ស សន្តិសុខសាយប័រ និងឧក្រិដ្ឋកម្មឆ្លងដែន "
        "ប៉ះពាល់ធ្ងន់ធ្ងរបំផុតដល់ស្ត្រី និងកុមារី ខណៈដែលសំឡេង "
        "និងភាពជាអ្នកដឹកនាំរបស់ពួកគេក្នុងការសម្រេចចិត្តលើបញ្ហាសន្តិភាព "
        "និងសន្តិសុខ មិនទាន់ត្រូវបានទទួលស្គាល់ពេញលេញនៅឡើយទេ។\n"
        "\n"
        "UN Women និងក្រសួងកិច្ចការនារី ប្រមូលផ្តុំតួអង្គថ្នាក់ជាតិ "
        "និងថ្នាក់មូលដ្ឋាន ដើម្បីដាក់ឱ្យប្រើប្រាស់កញ្ចប់ឧបករណ៍ និងគោលការណ៍ណែនាំ "
        "និងដើម្បីកសាងភាពជាម្ចាស់ការជាតិលើរបៀបវារៈនេះ "
        "តាមរយៈកិច្ចខិតខំប្រឹងប្រែងថ្នាក់តំបន់ "
        "និងថ្នាក់ជាតិដែលពង្រឹងគ្នាទៅវិញទៅមក។",
    },
    "highlights_title": {
        "en": "The four pillars of the ASEAN RPA-WPS",
        "km": "សសរស្តម្ភទាំងបួននៃផែនការសកម្មភាពថ្នាក់តំបន់អាស៊ានស្តីពីស្ត្រី សន្តិភាព និងសន្តិសុខ",
    },
    "highlights": {
        "en": "Protection: of the rights, safety and dignity of women and girls\n"
        "Participation: of women in peace and security decision-making\n"
        "Prevention: of conflict and of violence against women and girls\n"
        "Relief and recovery: that meet women's needs and draw on their leadership",
        "km": "ការការពារ៖ ការការពារសិទ្ធិ សុវត្ថិភាព និងសេចក្តីថ្លៃថ្នូររបស់ស្ត្រី និងកុមារី\n"
        "ការចូលរួម៖ ការចូលរួមរបស់ស្ត្រីក្នុងការសម្រេចចិត្តលើបញ្ហាសន្តិភាព "
        "និងសន្តិសុខ\n"
        "ការបង្ការ៖ ការបង្ការជម្លោះ និងអំពើហិង្សាលើស្ត្រី និងកុមារី\n"
        "ការសង្គ្រោះ និងការស្តារឡើងវិញ៖ ឆ្លើយតបនឹងតម្រូវការរបស់ស្ត្រី "
        "និងពឹងផ្អែកលើភាពជាអ្នកដឹកនាំរបស់ពួកគេ",
    },
    "venue_name": {
        "en": "Hotel conference centre, Phnom Penh (sample venue)",
        "km": "មជ្ឈមណ្ឌលសន្និសីទនៃសណ្ឋាគារ រាជធានីភ្នំពេញ (ទីកន្លែងគំរូ)",
    },
    "venue_address": {
        "en": "Preah Norodom Boulevard (sample address)",
        "km": "មហាវិថីព្រះនរោត្តម (អាសយដ្ឋានគំរូ)",
    },
    "organisers": {
        "en": "UN Women, with Cambodia's Ministry of Women's Affairs (MOWA)",
        "km": "UN Women សហការជាមួយក្រសួងកិច្ចការនារីនៃព្រះរាជាណាចក្រកម្ពុជា",
    },
    "map_url": "https://www.openstreetmap.org/search?query=Phnom%20Penh",
    "livestream_url": "https://www.youtube.com/@ASEANSecretariat",
    "capacity": 120,
}

# The sample speakers' and moderators' roles in Khmer, one per line as in SESSIONS.
ROLES_KM = {
    "Minister of Women's Affairs (sample)": "រដ្ឋមន្ត្រីក្រសួងកិច្ចការនារី (គំរូ)",
    "UN Women Representative (sample)": "តំណាង UN Women (គំរូ)",
    "ASEAN Secretariat representative (sample)": "តំណាងលេខាធិការដ្ឋានអាស៊ាន (គំរូ)",
    "Master of ceremonies (sample)": "ពិធីករ (គំរូ)",
    "Chair of the ASEAN Advisory Group on WPS (sample)": (
        "ប្រធានក្រុមប្រឹក្សាយោបល់អាស៊ានស្តីពីស្ត្រី សន្តិភាព និងសន្តិសុខ (គំរូ)"
    ),
    "UN Women WPS specialist (sample)": "អ្នកជំនាញផ្នែកស្ត្រី សន្តិភាព និងសន្តិសុខរបស់ UN Women (គំរូ)",
    "Anti-trafficking specialist (sample)": "អ្នកជំនាញប្រឆាំងការជួញដូរមនុស្ស (គំរូ)",
    "Climate and disaster risk expert (sample)": "អ្នកជំនាញផ្នែកអាកាសធាតុ និងហានិភ័យគ្រោះមហន្តរាយ (គំរូ)",
    "Cybersecurity researcher (sample)": "អ្នកស្រាវជ្រាវផ្នែកសន្តិសុខសាយប័រ (គំរូ)",
    "Elsie Initiative assessment team member (sample)": "សមាជិកក្រុមវាយតម្លៃនៃគំនិតផ្តួចផ្តើម Elsie (គំរូ)",
    "Facilitator (sample)": "អ្នកសម្របសម្រួល (គំរូ)",
    "Journalist (sample)": "អ្នកសារព័ត៌មាន (គំរូ)",
    "Ministry of Interior representative (sample)": "តំណាងក្រសួងមហាផ្ទៃ (គំរូ)",
    "Ministry of National Defence representative (sample)": "តំណាងក្រសួងការពារជាតិ (គំរូ)",
    "Ministry of Women's Affairs (sample)": "ក្រសួងកិច្ចការនារី (គំរូ)",
    "Peacekeeping officer (sample)": "មន្ត្រីរក្សាសន្តិភាព (គំរូ)",
    "Researcher on gender and security (sample)": "អ្នកស្រាវជ្រាវផ្នែកយេនឌ័រ និងសន្តិសុខ (គំរូ)",
    "UN Women (sample)": "UN Women (គំរូ)",
    "UN Women programme officer (sample)": "មន្ត្រីកម្មវិធីរបស់ UN Women (គំរូ)",
    "Women's organisation leader (sample)": "អ្នកដឹកនាំអង្គការស្ត្រី (គំរូ)",
}


def roles_in_khmer(roles: str) -> str:
    """A session's sample speakers or moderators in Khmer, line for line."""
    return "\n".join(ROLES_KM[role] for role in roles.splitlines())


# (day, start, end, kind, capacity, title, description, speakers, moderators, room)
SESSIONS = [
    (
        1,
        "08:00",
        "08:30",
        "break",
        None,
        {"en": "Arrival and registration", "km": "ការមកដល់ និងការចុះឈ្មោះ"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": "ទីធ្លាមុខសាលប្រជុំ"},
    ),
    (
        1,
        "08:30",
        "09:30",
        "opening",
        None,
        {"en": "Opening ceremony", "km": "ពិធីបើកកម្មវិធី"},
        {
            "en": "Welcome remarks by the Ministry of Women's Affairs, UN Women and the ASEAN "
            "Secretariat.",
            "km": "សុន្ទរកថាស្វាគមន៍ដោយក្រសួងកិច្ចការនារី UN Women និងលេខាធិការដ្ឋានអាស៊ាន។",
        },
        "Minister of Women's Affairs (sample)\nUN Women Representative (sample)\n"
        "ASEAN Secretariat representative (sample)",
        "Master of ceremonies (sample)",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        1,
        "09:30",
        "10:30",
        "plenary",
        None,
        {
            "en": "Launch of the ASEAN Localisation Toolkit and Guideline",
            "km": "ពិធីដាក់ឱ្យប្រើប្រាស់កញ្ចប់ឧបករណ៍ និងគោលការណ៍ណែនាំរបស់អាស៊ានស្តីពីការធ្វើមូលដ្ឋានីយកម្ម",
        },
        {
            "en": "Presentation of the guideline and toolkit that help ASEAN Member States localise "
            "the RPA-WPS, and how Cambodia led their development.",
            "km": "បទបង្ហាញអំពីគោលការណ៍ណែនាំ "
            "និងកញ្ចប់ឧបករណ៍ដែលជួយរដ្ឋសមាជិកអាស៊ានក្នុងការធ្វើមូលដ្ឋានីយកម្ម "
            "RPA-WPS និងអំពីរបៀបដែលកម្ពុជាបានដឹកនាំការរៀបចំឯកសារទាំងនេះ។",
        },
        "Chair of the ASEAN Advisory Group on WPS (sample)\nUN Women WPS specialist (sample)",
        "",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        1,
        "10:30",
        "10:45",
        "break",
        None,
        {"en": "Morning coffee break", "km": "សម្រាកពិសាកាហ្វេពេលព្រឹក"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": "ទីធ្លាមុខសាលប្រជុំ"},
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
            "km": "សសរស្តម្ភទាំងបួនក្នុងការអនុវត្តជាក់ស្តែង៖ ការការពារ ការចូលរួម "
            "ការបង្ការ ការសង្គ្រោះ និងការស្តារឡើងវិញ",
        },
        {
            "en": "What each pillar of the RPA-WPS asks of ministries, provinces and communities.",
            "km": "អ្វីដែលសសរស្តម្ភនីមួយៗនៃ RPA-WPS ទាមទារពីក្រសួង ខេត្ត និងសហគមន៍។",
        },
        "Ministry of Interior representative (sample)\nWomen's organisation leader (sample)\n"
        "Researcher on gender and security (sample)",
        "UN Women programme officer (sample)",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        1,
        "12:15",
        "13:30",
        "break",
        None,
        {"en": "Lunch", "km": "អាហារថ្ងៃត្រង់"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Restaurant", "km": "ភោជនីយដ្ឋាន"},
    ),
    (
        1,
        "13:30",
        "15:00",
        "panel",
        None,
        {
            "en": "Women in peacekeeping: Cambodia's experience and the Elsie Initiative assessment",
            "km": "ស្ត្រីក្នុងការរក្សាសន្តិភាព៖ បទពិសោធន៍របស់កម្ពុជា និងការវាយតម្លៃក្រោមគំនិតផ្តួចផ្តើម Elsie",
        },
        {
            "en": "Findings of the assessment of opportunities for uniformed women in peace "
            "operations, and lessons for other ASEAN Member States.",
            "km": "លទ្ធផលនៃការវាយតម្លៃលើឱកាសសម្រាប់ស្ត្រីពាក់ឯកសណ្ឋានក្នុងប្រតិបត្តិការរក្សាសន្តិភាព "
            "និងមេរៀនសម្រាប់រដ្ឋសមាជិកអាស៊ានដទៃទៀត។",
        },
        "Peacekeeping officer (sample)\nElsie Initiative assessment team member (sample)",
        "Ministry of National Defence representative (sample)",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        1,
        "15:00",
        "15:15",
        "break",
        None,
        {"en": "Afternoon coffee break", "km": "សម្រាកពិសាកាហ្វេពេលរសៀល"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": "ទីធ្លាមុខសាលប្រជុំ"},
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
            "km": "បញ្ហាប្រឈមថ្មីៗផ្នែកសន្តិសុខ៖ ការប្រែប្រួលអាកាសធាតុ ការជួញដូរមនុស្ស សន្តិសុខសាយប័រ និងឧក្រិដ្ឋកម្មឆ្លងដែន",
        },
        {
            "en": "How non-traditional threats affect women and girls, and why their leadership "
            "matters in the answers.",
            "km": "របៀបដែលការគំរាមកំហែងមិនមែនបែបប្រពៃណីប៉ះពាល់ដល់ស្ត្រី និងកុមារី "
            "និងហេតុអ្វីបានជាភាពជាអ្នកដឹកនាំរបស់ពួកគេមានសារៈសំខាន់ក្នុងការឆ្លើយតប។",
        },
        "Climate and disaster risk expert (sample)\nAnti-trafficking specialist (sample)\n"
        "Cybersecurity researcher (sample)",
        "Journalist (sample)",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        1,
        "16:45",
        "17:00",
        "plenary",
        None,
        {"en": "Summary of the first day", "km": "សេចក្តីសង្ខេបនៃថ្ងៃទីមួយ"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        2,
        "08:30",
        "09:00",
        "plenary",
        None,
        {"en": "Introduction to the working groups", "km": "ការណែនាំអំពីក្រុមការងារ"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        2,
        "09:00",
        "10:30",
        "working_group",
        40,
        {
            "en": "Working group A: the RPA-WPS in national plans and policies",
            "km": "ក្រុមការងារ A៖ RPA-WPS ក្នុងផែនការ និងគោលនយោបាយជាតិ",
        },
        {
            "en": "Bringing the regional plan into national action plans, budgets and monitoring.",
            "km": "ការបញ្ចូលផែនការថ្នាក់តំបន់ទៅក្នុងផែនការសកម្មភាពជាតិ ថវិកា និងការតាមដានត្រួតពិនិត្យ។",
        },
        "",
        "Facilitator (sample)",
        {"en": "Room A", "km": "បន្ទប់ A"},
    ),
    (
        2,
        "09:00",
        "10:30",
        "working_group",
        40,
        {
            "en": "Working group B: localising in provinces and communities",
            "km": "ក្រុមការងារ B៖ ការធ្វើមូលដ្ឋានីយកម្មនៅតាមខេត្ត និងសហគមន៍",
        },
        {
            "en": "Sub-national authorities, commune councils and local women's networks.",
            "km": "អាជ្ញាធរថ្នាក់ក្រោមជាតិ ក្រុមប្រឹក្សាឃុំ សង្កាត់ និងបណ្តាញស្ត្រីនៅមូលដ្ឋាន។",
        },
        "",
        "Facilitator (sample)",
        {"en": "Room B", "km": "បន្ទប់ B"},
    ),
    (
        2,
        "09:00",
        "10:30",
        "working_group",
        40,
        {
            "en": "Working group C: women's leadership in the security sector",
            "km": "ក្រុមការងារ C៖ ភាពជាអ្នកដឹកនាំរបស់ស្ត្រីក្នុងវិស័យសន្តិសុខ",
        },
        {
            "en": "Recruitment, retention and leadership of women in police, defence and "
            "peacekeeping.",
            "km": "ការជ្រើសរើស ការរក្សាឱ្យបន្តបម្រើការងារ "
            "និងភាពជាអ្នកដឹកនាំរបស់ស្ត្រីក្នុងវិស័យនគរបាល ការពារជាតិ "
            "និងការរក្សាសន្តិភាព។",
        },
        "",
        "Facilitator (sample)",
        {"en": "Room C", "km": "បន្ទប់ C"},
    ),
    (
        2,
        "10:30",
        "10:45",
        "break",
        None,
        {"en": "Coffee break before the reports", "km": "សម្រាកពិសាកាហ្វេ មុនការរាយការណ៍"},
        {"en": "", "km": ""},
        "",
        "",
        {"en": "Foyer", "km": "ទីធ្លាមុខសាលប្រជុំ"},
    ),
    (
        2,
        "10:45",
        "12:00",
        "plenary",
        None,
        {
            "en": "Reports from the working groups and next steps for national ownership",
            "km": "របាយការណ៍ពីក្រុមការងារ និងជំហានបន្ទាប់ឆ្ពោះទៅរកភាពជាម្ចាស់ការជាតិ",
        },
        {"en": "", "km": ""},
        "",
        "UN Women programme officer (sample)",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
    (
        2,
        "12:00",
        "12:30",
        "closing",
        None,
        {"en": "Closing ceremony", "km": "ពិធីបិទកម្មវិធី"},
        {"en": "", "km": ""},
        "Ministry of Women's Affairs (sample)\nUN Women (sample)",
        "",
        {"en": "Main hall", "km": "សាលប្រជុំធំ"},
    ),
]

# (key, kind, title, description, url, language, is_key, session title (en) or None)
RESOURCES = [
    (
        "recording",
        "recording",
        {
            "en": "Livestream recording on ASEAN's YouTube channel",
            "km": "វីដេអូថតការផ្សាយផ្ទាល់នៅលើបណ្តាញ YouTube របស់អាស៊ាន",
        },
        {
            "en": "The workshop was streamed live on ASEAN's YouTube channel.",
            "km": "សិក្ខាសាលានេះត្រូវបានផ្សាយផ្ទាល់នៅលើបណ្តាញ YouTube របស់អាស៊ាន។",
        },
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
            "km": "សេចក្តីប្រកាសព័ត៌មាន៖ "
            "អាស៊ានដាក់ឱ្យប្រើប្រាស់គោលការណ៍ណែនាំសម្រាប់ប្រទេសសមាជិក "
            "ដើម្បីបន្សាំគោលនយោបាយស្ត្រី សន្តិភាព និងសន្តិសុខ",
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
        {
            "en": "ASEAN Regional Plan of Action on Women, Peace and Security (RPA-WPS)",
            "km": "ផែនការសកម្មភាពថ្នាក់តំបន់អាស៊ានស្តីពីស្ត្រី សន្តិភាព និងសន្តិសុខ (RPA-WPS)",
        },
        {
            "en": "Adopted by the ASEAN Leaders in November 2022.",
            "km": "អនុម័តដោយថ្នាក់ដឹកនាំអាស៊ាន នៅខែវិច្ឆិកា ឆ្នាំ២០២២។",
        },
        "https://asean.org/",
        "en",
        True,
        None,
    ),
    (
        "toolkit",
        "document",
        {
            "en": "ASEAN Localisation Toolkit and Guideline for the RPA-WPS",
            "km": "កញ្ចប់ឧបករណ៍ និងគោលការណ៍ណែនាំរបស់អាស៊ានស្តីពីការធ្វើមូលដ្ឋានីយកម្ម RPA-WPS",
        },
        {
            "en": "For ASEAN Member States localising the plan, developed under Cambodia's lead with "
            "UN Women.",
            "km": "សម្រាប់រដ្ឋសមាជិកអាស៊ានដែលធ្វើមូលដ្ឋានីយកម្មផែនការនេះ "
            "រៀបចំឡើងក្រោមការដឹកនាំរបស់កម្ពុជា ដោយសហការជាមួយ UN Women។",
        },
        "https://asiapacific.unwomen.org/",
        "en",
        True,
        "Launch of the ASEAN Localisation Toolkit and Guideline",
    ),
]
