"""What the synthetic releases are made of: names, places, companies, sentence templates, and
the names the shipped releases use, which the generator replaces; and the questions timed."""

FIRST_NAMES = [
    "Amélie", "Antoine", "Camille", "Claire", "Élodie", "François", "Hélène", "Jean-Baptiste", "Julien",
    "Léa", "Louis", "Manon", "Mathilde", "Nicolas", "Pauline", "Pierre", "Sophie", "Thomas", "Yasmine",
    "Aminata", "Moussa", "Fatou", "Ibrahim", "Olena", "Dmytro", "Maria", "Carlos", "Ana", "Lucía",
    "John", "Sarah", "Michael", "Emily", "David", "Rachel", "James", "Laura", "Kevin", "Grace", "Hannah",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard", "Fontaine", "Rousseau",
    "Diallo", "Traoré", "Koné", "Ndiaye", "Mensah", "Okafor", "Kovalenko", "Shevchenko", "Popescu", "Horvat",
    "García", "Rodríguez", "Fernández", "Silva", "Nguyen", "Tran", "Sok", "Santos", "Reyes", "Haddad",
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Anderson", "Clarke", "Murphy", "O'Brien", "Kowalski",
]
# (French "in" preposition, name)
COUNTRIES = [
    ("en", "Ukraine"), ("au", "Cambodge"), ("en", "Indonésie"), ("aux", "Philippines"), ("en", "Thaïlande"),
    ("au", "Niger"), ("au", "Mali"), ("au", "Sénégal"), ("en", "Guinée"), ("au", "Nigéria"), ("au", "Ghana"),
    ("en", "Côte d'Ivoire"), ("au", "Burkina Faso"), ("au", "Tchad"), ("en", "Libye"), ("en", "Tunisie"),
    ("au", "Maroc"), ("en", "Égypte"), ("en", "Éthiopie"), ("au", "Kenya"), ("en", "Somalie"), ("au", "Soudan"),
    ("au", "Cameroun"), ("à", "Madagascar"), ("en", "Haïti"), ("en", "Jamaïque"), ("aux", "Bahamas"),
    ("à la", "Barbade"), ("au", "Guatemala"), ("au", "Honduras"), ("au", "Mexique"), ("en", "Colombie"),
    ("au", "Pérou"), ("en", "Bolivie"), ("au", "Brésil"), ("en", "Moldavie"), ("en", "Roumanie"),
    ("en", "Bulgarie"), ("en", "Albanie"), ("au", "Kosovo"), ("en", "Serbie"), ("en", "Grèce"), ("en", "Italie"),
    ("en", "Turquie"), ("au", "Liban"), ("en", "Jordanie"), ("en", "Irak"), ("en", "Afghanistan"),
    ("au", "Pakistan"), ("au", "Bangladesh"), ("au", "Népal"), ("en", "Inde"), ("au", "Sri Lanka"),
    ("au", "Myanmar"), ("au", "Laos"), ("au", "Viet Nam"), ("en", "Malaisie"), ("au", "Timor-Leste"),
    ("en", "Papouasie-Nouvelle-Guinée"), ("aux", "Fidji"), ("au", "Kazakhstan"), ("au", "Tadjikistan"),
    ("en", "Géorgie"), ("en", "Arménie"), ("au", "Bélarus"), ("en", "Lituanie"), ("en", "Guyana"),
]
CITIES = [
    "Genève", "Bangkok", "Washington", "Kiev", "Vientiane", "Dakar", "Niamey", "Bamako", "Abidjan", "Lagos",
    "Accra", "Tunis", "Rabat", "Addis-Abeba", "Nairobi", "Kinshasa", "Yaoundé", "Port-au-Prince", "Kingston",
    "Bogota", "Lima", "La Paz", "Brasilia", "Chisinau", "Bucarest", "Sofia", "Tirana", "Pristina", "Belgrade",
    "Athènes", "Rome", "Ankara", "Beyrouth", "Amman", "Bagdad", "Kaboul", "Islamabad", "Dacca", "Katmandou",
    "New Delhi", "Colombo", "Yangon", "Hanoï", "Kuala Lumpur", "Dili", "Port Moresby", "Suva", "Astana",
    "Tbilissi", "Erevan", "Minsk", "Vilnius", "Bruxelles", "Vienne", "Manille", "Jakarta", "Phnom Penh",
]
REGIONS = [
    "Caraïbes", "Asie du Sud-Est", "Afrique de l'Ouest", "Corne de l'Afrique", "Balkans occidentaux",
    "Amérique centrale", "Sahel", "Asie centrale", "Pacifique", "Afrique australe", "Méditerranée",
]
COMPANIES = [
    "Orange", "Vodafone", "MTN", "Airtel", "Safaricom", "Telefónica", "Ericsson", "Google", "IBM", "Accenture",
    "Salesforce", "Deloitte", "Thomson Reuters", "Air France", "Ethiopian Airlines", "Emirates",
    "Qatar Airways", "Kenya Airways", "Agence France-Presse", "Reuters", "Digicel", "Lifecell", "Viettel",
    "Smart Communications", "Globe Telecom", "Microsoft", "Nokia", "British Telecom", "Uber", "Booking.com",
]
DONORS = [
    "l'Union européenne", "le gouvernement du Canada", "le Département d'État américain",
    "le ministère néerlandais de la Justice", "la Confédération suisse", "le Royaume-Uni", "le Japon",
    "la Norvège", "l'Allemagne", "la Suède", "l'Australie", "la Banque mondiale",
]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
ROLES = ["chef de mission de l'OIM", "spécialiste de la lutte contre la traite de l'OIM",
         "coordinatrice du programme de l'OIM", "directeur régional de l'OIM", "responsable de la protection de l'OIM"]
QUOTES = [
    "Aucun pays ne peut lutter seul contre la traite : la coopération régionale est indispensable",
    "Les victimes doivent être identifiées plus tôt et mieux protégées",
    "Ce partenariat montre ce que le secteur privé peut apporter à la lutte contre l'exploitation",
    "Nous avons besoin de données fiables pour orienter nos interventions",
    "Chaque appel reçu peut sauver une vie",
]

# what the shipped releases name, and what it becomes
SOURCE_COUNTRIES = ["Papouasie Nouvelle-Guinée", "Antilles néerlandaises", "Sainte-Lucie", "Cambodge", "Indonésie",
                    "Philippines", "Thaïlande", "Ukraine", "Bahamas", "Barbade", "Guyana", "Jamaïque"]
SOURCE_CITIES = ["Genève", "Vientiane", "Washington", "Kiev", "Bangkok"]
SOURCE_REGIONS = ["Caraïbes", "Caraïbe", "Asie"]
SOURCE_PEOPLE = ["Laura Okkonen", "Anh Nguyen", "Ong Keng Yong", "Kristen Dadey", "John McGeoghan", "Jeffrey Labovitz"]
SOURCE_COMPANIES = ["British Telecom (BT)", "Micorsoft", "Nokia", "Astelit", "KyivStar GSM", "UMC",
                    "Caribbean Airlines (anciennement BWIA)", "Air Jamaica", "Associated Press"]

TITLES = [
    "L'OIM lance une campagne contre la traite {in_country}",
    "{company} et l'OIM s'associent pour lutter contre la traite {in_country}",
    "Traite des êtres humains : l'OIM publie un rapport sur la situation {in_country}",
    "{n} victimes de la traite assistées par l'OIM {in_country} en {year}",
    "Un numéro gratuit contre la traite lancé {in_country}",
    "L'OIM forme {n} agents à l'identification des victimes à {city}",
    "Sensibilisation à la traite des êtres humains dans la région {region}",
    "Plus de {small} ans d'expérience en matière de lutte contre la traite {in_country}",
    "Les opérateurs de téléphonie mobile {in_country} participent à la lutte contre la traite",
    "{donor} finance un nouveau programme de l'OIM contre la traite {in_country}",
]
FACTS = [
    "En {year}, l'OIM a assisté {n} victimes de la traite {in_country}, dont {pct} pour cent d'enfants.",
    "Le numéro gratuit {hotline} permet de signaler les cas de traite {in_country} depuis {month} {year}.",
    "« {quote} », a déclaré {person}, {role} {in_country}.",
    "Le programme, doté de {small} millions de dollars, est financé par {donor} pour une durée de {years} ans.",
    "Au total, {n} agents de police et {m} travailleurs sociaux ont été formés à {city} à l'identification des victimes.",
    "{company} mettra à disposition {m} téléphones et une plateforme de signalement en ligne {in_country}.",
    "Selon les estimations, {n} personnes ont été victimes de la traite {in_country} entre {year0} et {year}.",
    "Une conférence régionale réunira à {city} les {m} {month} des représentants de {small} pays de la région {region}.",
]

# asked at every size; some have no answer in the synthetic corpus, as users' questions may not
QUESTIONS = [
    "Qui finance la campagne de sensibilisation contre la traite en Jamaïque ?",
    "Combien de victimes de la traite l'OIM a-t-elle assistées en Ukraine ?",
    "Quel numéro gratuit permet de signaler les cas de traite au Cambodge ?",
    "Quelles entreprises ont rejoint la coalition Tech Against Trafficking ?",
    "Qui est le chef de mission de l'OIM au Niger ?",
    "Combien de personnes vivent en situation d'esclavage moderne dans le monde ?",
    "Quand le rapport sur la traite en Indonésie a-t-il été rendu public ?",
    "Combien d'agents de police ont été formés à Dakar ?",
    "Quels opérateurs de téléphonie mobile ont lancé un numéro gratuit au Kenya ?",
    "Dans quels pays de la région les communiqués ont-ils été diffusés à la télévision ?",
    "Quel est le montant du programme financé par l'Union européenne ?",
    "Qui contacter à l'OIM Bangkok pour plus d'informations ?",
    "Quelles formes de traite ont été identifiées par l'évaluation régionale ?",
    "Pourquoi l'OIM fournit-elle un guide pour la gestion des services téléphoniques ?",
    "Combien de départements du gouvernement détiennent des données sur la traite au Cambodge ?",
    "Dans quels secteurs les victimes de la traite sont-elles le plus souvent exploitées ?",
    "Où se tiendra la session à huis clos avec les ambassades partenaires ?",
    "Combien de femmes travaillent à l'étranger selon les estimations de l'OIM ?",
    "Quelle compagnie aérienne publiera l'affiche de l'OIM contre la traite ?",
    "Depuis quand l'OIM mène-t-elle des activités de sensibilisation en Moldavie ?",
    "Quelle est l'adresse e-mail du bureau de l'OIM à Genève ?",
    "À quels processus multilatéraux l'OIM contribue-t-elle contre la traite ?",
    "Who funds the anti-trafficking awareness campaign in the Caribbean?",
    "How many trafficking victims did IOM assist in Ukraine?",
    "Which mobile operators launched a toll-free number against trafficking?",
    "What will the Tech Against Trafficking coalition map in 2018?",
    "How many people were freed after a boat was tracked off Papua New Guinea?",
    "Who is IOM's chief of mission in Nigeria?",
    "When will the agreement with the mobile operators be signed?",
    "What assistance does IOM give to victims of trafficking?",
]
