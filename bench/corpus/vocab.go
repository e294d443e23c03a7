package corpus

// The vocabulary the generator draws from. Every fragment is plain French
// prose written the way authors type it: straight apostrophes, a space
// before « : », « ? » and « ! » in most places but not all, so that the
// typography pass has work to do.

var topics = []string{
	"protection de l'enfance", "numérique", "justice", "éducation",
	"financement", "prévention", "santé mentale", "logement",
	"climat", "biodiversité", "égalité femmes-hommes", "handicap",
	"grand âge", "pauvreté", "droits humains", "culture",
	"sport", "transports", "alimentation", "agriculture",
	"eau", "énergie", "démocratie locale", "migrations",
	"emploi", "formation professionnelle", "vie associative",
	"accès aux droits", "jeunesse", "ruralité", "santé publique",
}

// topicPhrases gives, for each topic, a noun phrase usable inside a sentence.
var topicPhrases = map[string]string{
	"protection de l'enfance":   "la protection de l'enfance",
	"numérique":                 "la régulation du numérique",
	"justice":                   "l'accès à la justice",
	"éducation":                 "l'éducation",
	"financement":               "le financement des associations",
	"prévention":                "la prévention",
	"santé mentale":             "la santé mentale",
	"logement":                  "le droit au logement",
	"climat":                    "l'adaptation au changement climatique",
	"biodiversité":              "la protection de la biodiversité",
	"égalité femmes-hommes":     "l'égalité entre les femmes et les hommes",
	"handicap":                  "l'inclusion des personnes handicapées",
	"grand âge":                 "l'accompagnement du grand âge",
	"pauvreté":                  "la lutte contre la pauvreté",
	"droits humains":            "la défense des droits humains",
	"culture":                   "l'accès à la culture",
	"sport":                     "le sport pour tous",
	"transports":                "la mobilité du quotidien",
	"alimentation":              "l'alimentation de qualité",
	"agriculture":               "la transition agricole",
	"eau":                       "la gestion de l'eau",
	"énergie":                   "la sobriété énergétique",
	"démocratie locale":         "la démocratie locale",
	"migrations":                "l'accueil des personnes exilées",
	"emploi":                    "l'accès à l'emploi",
	"formation professionnelle": "la formation professionnelle",
	"vie associative":           "la vie associative",
	"accès aux droits":          "l'accès aux droits",
	"jeunesse":                  "l'engagement de la jeunesse",
	"ruralité":                  "l'égalité entre les territoires",
	"santé publique":            "la santé publique",
}

// subjects and verbs agree in number: plural subjects take verb[1].
var subjects = []struct {
	text   string
	plural bool
}{
	{"Les pouvoirs publics", true}, {"Notre association", false}, {"Le législateur", false},
	{"Les collectivités locales", true}, {"Chaque ministère concerné", false},
	{"Les acteurs de terrain", true}, {"Les entreprises du secteur", true},
	{"Les parlementaires de tous bords", true}, {"L'État", false},
	{"Les bénévoles que nous rencontrons", true}, {"Chaque famille concernée", false},
	{"Les professionnels de première ligne", true}, {"Les élus locaux", true},
	{"Le gouvernement", false}, {"Le réseau associatif", false}, {"Les citoyens", true},
}

var verbs = [][2]string{
	{"doit garantir", "doivent garantir"},
	{"peut enfin renforcer", "peuvent enfin renforcer"},
	{"a trop longtemps négligé", "ont trop longtemps négligé"},
	{"est appelé à soutenir", "sont appelés à soutenir"},
	{"doit financer durablement", "doivent financer durablement"},
	{"a la responsabilité de faire progresser", "ont la responsabilité de faire progresser"},
	{"ne peut plus ignorer", "ne peuvent plus ignorer"},
	{"gagnerait à évaluer sérieusement", "gagneraient à évaluer sérieusement"},
	{"doit rendre des comptes sur", "doivent rendre des comptes sur"},
	{"a besoin de repères clairs pour améliorer", "ont besoin de repères clairs pour améliorer"},
	{"sait mieux que quiconque mesurer", "savent mieux que quiconque mesurer"},
	{"devrait placer au premier rang", "devraient placer au premier rang"},
	{"doit cesser de sous-estimer", "doivent cesser de sous-estimer"},
	{"peut faire davantage pour", "peuvent faire davantage pour"},
}

// objects wrap a topic phrase (%s).
var objects = []string{
	"%s", "%s", "les moyens consacrés à %s", "les dispositifs liés à %s",
	"la place de %s dans le débat public", "les financements dédiés à %s",
	"les engagements pris sur %s", "les données disponibles sur %s",
}

// tails end a composed sentence, before the full stop.
var tails = []string{
	" : c'est une condition de la confiance", " : il y va de la cohésion sociale",
	", comme le montrent nos permanences", " ; les retours du terrain sont unanimes",
	", et chacun le sait", " : l'efficacité est à ce prix",
}

var complements = []string{
	"dès la rentrée prochaine", "dans chaque département",
	"sans attendre une nouvelle réforme", "avec des moyens à la hauteur des enjeux",
	"en lien étroit avec les associations de terrain", "sur l'ensemble du territoire",
	"pour les cinq prochaines années", "au plus près des personnes concernées",
	"avant la fin de la législature", "en s'appuyant sur des données publiques",
	"dans la transparence la plus complète", "sans laisser personne de côté",
	"avec des objectifs mesurables", "en concertation avec les usagers",
}

// standalone sentences; %s receives a topic phrase.
var standalones = []string{
	"La question est simple : qui, aujourd'hui, rend des comptes sur %s ?",
	"Pourquoi attendre encore ?",
	"Le constat est connu : les moyens consacrés à %s ne suivent pas les besoins.",
	"Faut-il rappeler que %s relève de l'intérêt général ?",
	"Nous l'avons dit, nous le répétons : %s ne peut pas dépendre de la seule générosité du public.",
	"Qui peut sérieusement croire que %s se réglera sans volonté politique ?",
	"C'est l'un des enjeux majeurs des prochaines années !",
	"Les chiffres parlent d'eux-mêmes: les demandes d'aide ont augmenté de 30 % en trois ans.",
	"Trop souvent, on nous répond « plus tard » ; nous répondons « maintenant ».",
	"Personne ne conteste l'objectif ; c'est la méthode qui fait défaut.",
	"Sur le terrain, l'écart entre les textes et la réalité est saisissant.",
	"À chaque rencontre, la même interrogation revient : « Et nous, qui nous écoute ? »",
	"Il n'y a là aucune fatalité, seulement des choix qui peuvent être revus.",
	"Les personnes concernées, elles, n'ont pas le luxe d'attendre.",
	"Nous proposons une méthode : écouter, mesurer, puis agir.",
	"Est-ce vraiment trop demander?",
	"Le temps des annonces est passé ; voici venu celui des actes.",
	"L'expérience montre qu'une politique de long terme coûte moins cher qu'une succession d'urgences.",
}

var headings = []string{
	"Un constat partagé", "Ce que disent les chiffres", "Ce qui doit changer",
	"Nos propositions", "Sortir de l'urgence", "Une question de confiance",
	"Écouter les premiers concernés", "Le coût de l'inaction",
	"Des moyens à la hauteur", "Mesurer pour agir", "Une responsabilité collective",
	"Ce que nous demandons", "Et maintenant ?", "Le rôle de l'État",
	"Les territoires en première ligne", "Pour une loi de programmation",
}

var listItems = []string{
	"des financements pluriannuels, notifiés avant le début de l'exercice",
	"une évaluation indépendante et publique des dispositifs existants",
	"la formation initiale et continue des professionnels concernés",
	"un interlocuteur unique dans chaque département",
	"la simplification des démarches pour les usagers : un seul dossier, un seul guichet",
	"des indicateurs de résultats publiés chaque année",
	"la participation des personnes concernées à chaque étape",
	"un calendrier précis, assorti d'un suivi parlementaire",
	"le renforcement des contrôles et des sanctions en cas de manquement",
	"un fonds d'urgence mobilisable en quelques jours",
	"l'ouverture des données publiques utiles à la recherche",
	"la reconnaissance du travail des bénévoles",
}

var quotes = []string{
	"Une société se juge à la manière dont elle traite les plus vulnérables.",
	"Nous ne demandons pas l'impossible : nous demandons que la loi soit appliquée.",
	"Chaque année perdue se paie plus tard, et toujours plus cher.",
	"Derrière chaque statistique, il y a un visage et une histoire.",
	"Le droit n'a de sens que s'il est accessible à toutes et à tous.",
	"Agir tôt, c'est agir mieux ; agir ensemble, c'est agir plus fort.",
}

var emphases = []string{
	"*sans délai*", "**dès maintenant**", "*durablement*", "**partout**",
	"*concrètement*", "**collectivement**", "_enfin_", "__vraiment__",
}

var linkTexts = []string{
	"notre rapport annuel", "l'étude publiée l'an dernier", "les chiffres officiels",
	"notre guide pratique", "la synthèse des consultations", "le compte rendu des débats",
}

var linkHosts = []string{
	"https://www.observatoire-social.example/etudes/",
	"https://donnees.territoires.example/jeux/",
	"https://www.revue-des-associations.example/articles/",
	"https://ressources.reseau-solidaire.example/fiches/",
}

var tribuneHooks = []string{
	"il est temps d'agir", "l'urgence d'un sursaut", "sortir enfin de l'impasse",
	"pour une politique à la hauteur", "le temps des promesses est passé",
	"ce que nous devons aux générations futures", "une réforme qui ne peut plus attendre",
	"osons la confiance", "changer de méthode", "une exigence de justice",
	"la responsabilité de tous", "arrêtons de bricoler", "mesurer pour mieux agir",
	"l'oubli qui coûte cher", "une ambition à retrouver", "le choix de la prévention",
	"pourquoi nous disons non", "ce que le terrain nous apprend", "l'heure des choix",
	"une priorité nationale", "écouter les premiers concernés", "le courage de financer",
	"réparer ce qui a été défait", "un pacte pour les territoires",
	"l'État doit tenir parole", "la promesse trahie", "des droits à faire vivre",
	"pour une loi de programmation", "reconnaître enfin l'engagement",
	"vers une égalité réelle", "ne laissons personne au bord du chemin",
	"un chantier pour la décennie", "les leçons d'une crise", "investir plutôt que réparer",
	"un combat qui nous rassemble", "la confiance ne se décrète pas",
	"la simplicité comme exigence", "pour des moyens stables", "le devoir d'évaluer",
	"ce qu'il faut changer maintenant",
}

var communiqueHooks = []string{
	"l'association publie son rapport annuel", "l'association salue une avancée attendue",
	"l'association regrette un budget en recul", "lancement d'une campagne nationale",
	"l'association interpelle les candidats", "une consultation inédite auprès de 5 000 personnes",
	"l'association ouvre une nouvelle antenne", "premiers résultats d'une enquête de terrain",
	"l'association appelle à la mobilisation", "une proposition de loi transpartisane",
	"bilan d'une année d'actions", "l'association saisit le Parlement",
	"un guide pratique pour les familles", "l'association dénonce un recul",
	"une journée d'action dans toute la France", "signature d'une convention pluriannuelle",
	"l'association lance un appel aux dons", "l'association alerte sur les délais",
	"nouveau baromètre annuel", "l'association réagit aux annonces du gouvernement",
	"une pétition de 100 000 signatures remise aux élus", "ouverture d'une ligne d'information",
	"l'association présente ses propositions", "colloque national à la rentrée",
	"l'association se félicite d'un vote unanime", "des moyens toujours insuffisants",
	"l'association demande un moratoire", "un outil en ligne pour connaître ses droits",
	"publication d'un livre blanc", "l'association renouvelle son conseil d'administration",
	"l'association alerte sur une hausse des demandes", "une expérimentation prolongée",
	"un partenariat avec les collectivités", "l'association demande des comptes",
	"les chiffres d'une année record", "l'association dévoile son plaidoyer",
	"rencontre avec les acteurs de terrain", "un appel à projets pour les jeunes",
	"l'association ouvre ses données", "une victoire pour les usagers",
}

var qualifiers = []string{
	"", "en 2024", "en 2025", "en 2026", "dans les territoires ruraux",
	"dans les quartiers populaires", "en outre-mer", "à l'école", "à l'hôpital",
	"au travail", "en ligne", "dans les petites communes", "pour les plus jeunes",
	"pour les plus âgés", "au quotidien", "en Europe", "dans nos villes",
	"pour les familles", "face à la crise", "après la pandémie",
	"au Parlement", "dans le budget de l'État", "à l'horizon 2030",
	"pour la prochaine décennie", "sans attendre",
}

var cities = []string{
	"Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes",
	"Strasbourg", "Rennes", "Montpellier", "Grenoble", "Dijon", "Rouen", "Nancy",
}

// firstNames alternate feminine (even index) and masculine (odd index).
var firstNames = []string{
	"Claire", "Olivier", "Nadia", "Thomas", "Élise", "Karim", "Sophie", "Julien",
	"Hélène", "Marc", "Aïcha", "Benoît", "Camille", "Yann", "Léa", "François",
	"Inès", "Grégoire", "Maëlle", "Samuel",
}

var lastNames = []string{
	"Vasseur", "Brunet", "Lefranc", "Morvan", "Delorme", "Caradec", "Aubry",
	"Martinon", "Ferrand", "Guérin", "Lemaire", "Roussel", "Perrin", "Chauvet",
	"Benali", "Le Goff", "Marchand", "Fontaine", "Thibault", "Nguyen",
}

// roles are given in the feminine and masculine forms.
var roles = [][2]string{
	{"Présidente", "Président"}, {"Directrice générale", "Directeur général"},
	{"Secrétaire générale", "Secrétaire général"}, {"Trésorière", "Trésorier"},
	{"Vice-présidente", "Vice-président"}, {"Responsable du plaidoyer", "Responsable du plaidoyer"},
	{"Pédiatre", "Pédiatre"}, {"Avocate", "Avocat"}, {"Sociologue", "Sociologue"}, {"Maire", "Maire"},
}

var organisations = []string{
	"Association Solidarités Exemple", "Collectif Territoires Vivants",
	"Fédération des Initiatives Citoyennes", "Réseau Entraide et Droits",
	"Observatoire des Politiques Sociales", "Centre hospitalier de Val-Fleuri",
	"Cabinet Delorme & Associés", "Commune de Bourg-sur-Exemple",
}

// closings end every body: each has emphasis, guillemets and a question.
var closings = []string{
	"La vraie question n'est plus « faut-il agir ? » mais « comment agir *vite* ? » Nous avons des réponses : il reste à les mettre en œuvre.",
	"On nous demande souvent : « Est-ce bien réaliste ? » Ce qui ne l'est pas, c'est de **continuer ainsi**.",
	"Que dirons-nous, dans dix ans, à celles et ceux qui attendaient des actes ? Nous voulons pouvoir répondre : « Nous avons agi *à temps*. »",
	"« Et maintenant ? », nous demandent les personnes que nous accompagnons. La réponse tient en un mot : **ensemble**.",
	"Faut-il attendre une nouvelle crise pour agir ? Nous pensons que non : le moment est *venu*, et l'« urgence » n'est plus une excuse.",
}
