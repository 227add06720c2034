"""The first draft of Ishøj Kommune's Medborgerpolitik, as loaded by `load_ishoj`.

Each section has a stable identifier (used to derive its key), a theme slug and Markdown text.
"""

POLICY_TITLE = "Medborgerpolitik"
POLICY_SLUG = "medborgerpolitik"
POLICY_SUMMARY = (
    "Ishøj Kommunes medborgerpolitik siger, at kommunen møder alle borgere ligeværdigt, uanset "
    "baggrund, og at alle er en del af et fællesskab, der både forpligter og giver muligheder. "
    "Politikken bliver revideret i åbenhed – læs udkastet, kommentér og deltag."
)

THEMES = [
    (
        "faellesskab",
        "Fællesskab",
        "Det, der binder os sammen i byen, i foreningerne og på arbejdspladserne.",
    ),
    ("frivillighed", "Frivillighed", "Borgere, der giver deres tid og kræfter til andre."),
    ("tryghed", "Tryghed", "At alle kan færdes, bo og leve trygt i Ishøj."),
    (
        "uddannelse-og-arbejde",
        "Uddannelse og arbejde",
        "Veje til uddannelse, job og selvforsørgelse.",
    ),
    (
        "demokrati-og-deltagelse",
        "Demokrati og deltagelse",
        "At alle kan få indflydelse på det, der angår dem.",
    ),
]

SECTIONS = [
    (
        "baggrund",
        "Baggrund",
        None,
        """Ishøj er en by med omkring 24.000 indbyggere. Omkring en tredjedel af os har rødder i
et andet land end Danmark, og i byen tales mange sprog. Det er en styrke, og det er en
opgave: en by med mange baggrunde har brug for et fælles grundlag at stå på.

Byrådet vedtog den første medborgerpolitik for at sætte ord på det grundlag. Siden da har byen
ændret sig. Nye boligområder er kommet til, foreningslivet har fået nye ansigter, og mange
borgere møder kommunen digitalt. Derfor skal politikken revideres.

Revisionen sker i åbenhed. Udkastet bliver drøftet med medarbejdere på en intern workshop og
med borgere, foreninger, netværk, råd og nævn på et borgermøde. Derefter kommer udkastet i
offentlig høring, og til sidst behandles det i fagudvalget og vedtages i byrådet.""",
    ),
    (
        "formaal",
        "Formål",
        "demokrati-og-deltagelse",
        """Medborgerpolitikken skal sikre, at alle borgere i Ishøj bliver mødt ligeværdigt af
kommunen – uanset køn, alder, etnisk og religiøs baggrund, seksuel orientering, handicap eller
økonomi.

Politikken har tre formål:

1. At give borgere, foreninger og medarbejdere et fælles sprog for, hvad det vil sige at være
   medborger i Ishøj.
2. At gøre det tydeligt, hvad borgerne kan forvente af kommunen, og hvad kommunen forventer af
   borgerne.
3. At være et pejlemærke for kommunens andre politikker, så de trækker i samme retning.""",
    ),
    (
        "kom-medborger",
        "Kom Medborger",
        "faellesskab",
        """*Kom Medborger* er politikkens budskab. Det er en opfordring til alle – nye og gamle
Ishøj-borgere – om at tage del i byens liv.

At være medborger betyder, at man er en del af et fællesskab, der både **forpligter** og
**giver muligheder**. Man har ret til at blive hørt, til at få hjælp, når man har brug for den,
og til at bruge byens tilbud. Man har også ansvar: for at respektere andre, for at bidrage efter
evne og for at passe på det, vi har sammen.

Kommunen vil gøre det let at sige ja til invitationen. Det gælder både, når man flytter til
byen, når ens børn starter i dagtilbud og skole, og når man bliver ældre og har brug for nye
fællesskaber.""",
    ),
    (
        "faellesskab",
        "Fællesskab",
        "faellesskab",
        """Fællesskaber opstår, hvor mennesker mødes: i opgangen, på sportspladsen, i
moskeen og kirken, på biblioteket, i kolonihaven og på arbejdspladsen. Kommunen kan ikke skabe
fællesskaber alene, men den kan gøre det lettere for dem at opstå og holde.

Kommunen vil:

- åbne sine bygninger for foreninger og borgergrupper uden for åbningstid,
- hjælpe nye borgere med at finde vej til foreningslivet,
- arbejde for, at børn og unge fra alle dele af byen deltager i fritidsaktiviteter,
- støtte arrangementer, der samler borgere på tværs af boligområder og baggrunde.

Vi ved, at mange borgere allerede gør et stort arbejde for fællesskabet. Det arbejde skal ses
og anerkendes.""",
    ),
    (
        "frivillighed",
        "Frivillighed",
        "frivillighed",
        """Frivillige er en bærende kraft i Ishøj. De træner fodboldhold, hjælper med lektier,
besøger ældre, oversætter for naboer og holder liv i byens foreninger. Uden dem ville byen være
fattigere.

Kommunen vil styrke frivilligheden ved at:

- gøre det nemt at finde frivillige opgaver, også for borgere, der ikke kender foreningslivet,
- tilbyde kurser og sparring til frivillige og foreninger,
- samarbejde med frivillige på lige fod og uden at lade dem løfte opgaver, der er kommunens
  ansvar,
- fejre de frivillige, blandt andet med en årlig frivilligpris.

Medarbejdere i kommunen skal kende de frivillige tilbud på deres område, så de kan vise borgere
videre.""",
    ),
    (
        "tryghed",
        "Tryghed",
        "tryghed",
        """Tryghed er en forudsætning for at deltage. Man skal kunne færdes frit i byen, bo trygt
og sende sine børn i skole uden bekymring.

Kommunen arbejder for tryghed sammen med politiet, boligorganisationerne, skolerne og
foreningerne. Det sker gennem forebyggelse, tidlig indsats over for børn og unge, der mistrives,
og gennem synlige voksne i byens rum.

Tryghed handler også om tillid til kommunen. Borgerne skal kunne regne med, at henvendelser
bliver behandlet ordentligt og hurtigt, og at de bliver mødt med respekt.""",
    ),
    (
        "uddannelse-og-arbejde",
        "Uddannelse og arbejde",
        "uddannelse-og-arbejde",
        """Uddannelse og arbejde giver selvstændighed, netværk og mulighed for at bidrage. Målet
er, at flere unge i Ishøj gennemfører en ungdomsuddannelse, og at flere voksne kommer i job.

Kommunen vil:

- give alle børn et godt sprogligt fundament fra dagtilbud og skole,
- vejlede unge og deres forældre om uddannelsesvalg tidligt og på flere sprog,
- samarbejde med virksomheder om praktik, job og lærepladser,
- gå foran som arbejdsplads, hvor medarbejdernes forskellige baggrunde er en ressource.""",
    ),
    (
        "maalgrupper",
        "Målgrupper",
        "demokrati-og-deltagelse",
        """Den primære målgruppe for medborgerpolitikken er **alle borgere i Ishøj**. Politikken
henvender sig til borgere i alle aldre og med alle baggrunde, og den skal kunne læses og
forstås af alle.

Den sekundære målgruppe er **kommunens medarbejdere**. De møder borgerne hver dag og er med
til at gøre politikken virkelig. Derfor inviteres alle medarbejdere til en intern workshop, og
politikken behandles i LokalMED og HovedMED.

Foreninger, netværk, råd og nævn er vigtige samarbejdspartnere. De inviteres særskilt til
borgermødet, så deres erfaringer kommer med i politikken.""",
    ),
]
