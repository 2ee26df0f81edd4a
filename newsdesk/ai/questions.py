"""What kind of answer a reader's question asks for, and whether a sentence carries one.

"How many were evacuated?" wants a quantity, "When…" a date or time, "Where…" a place, "Who…" a
person or organisation, "Why…" a cause. It separates the sentence that answers from one that
merely shares the topic ("river levels stayed high" does not say how high the river rose), so
only a sentence carrying it is quoted; the detectors are broad to match ("No one was hurt." counts,
"an hour away" measures), and the detail must also be said about the question's subject (`slots`
says where it sits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Literal

from newsdesk.ai import facts
from newsdesk.ai.lexical import STOPWORDS, concepts
from newsdesk.lib.text import spelled_out_pattern

Kind = Literal[
    "count", "measure", "money", "duration", "share", "frequency", "age",
    "time", "place", "agent", "cause", "other",
]  # fmt: skip

# "What is", "what's", "what were".
_WHAT_IS = r"what(?:['’]s| is| was| are| were)"
_WORK = (
    r"(?:song|single|album|film|movie|book|novel|poem|play|show|programme|program|series|"
    r"documentary|podcast|game|painting|campaign|exhibition)"
)
# Asked by which one ("Which TV series...?"): works that are no everyday thing too (a play in
# a game, a show of support).
_WHICH_WORK = (
    r"^\s*(?:in |on |for )?(?:which|what) (?:tv |new |latest |first )?(?:song|single|album|"
    r"film|movie|book|novel|poem|programme|program|series|documentary|podcast|painting)s?\b"
)
_ASKS_EXTENT = re.compile(
    # A person has no length: "How long was he on the run?" asks for a time.
    r"\bhow long (?:an? [a-z]+\b|(?:is|are|was|were)\b(?! (?:he|she|they|we|you|I)\b)"
    r"|will (?:\w+ ){1,6}be\s*\??\s*$)"
    r"(?!.*\b(?:been|take|took|last|stay|wait|for|since|ago|until|remain|continue|"
    # "How long was he out?": away or kept somewhere for a time.
    r"persist|keep|out|away|off|closed|shut|down|offline|sidelined|missing|absent)\b)",
    re.I,
)
# Figures a business reports, which a question asks for by name ("What profit did Vireo make?").
_EARNINGS = "profits?|revenues?|income|earnings|turnover"
# The first pattern that matches names the kind: the specific quantities come before "how
# many/much", "how long ago" before "how long".
_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("age", re.compile(r"\bhow old\b|\bwhat age\b", re.I)),
    (
        "time",
        re.compile(
            r"^\s*(?:since |until |by )?when\b|\bhow soon\b|\bsince (?:when|what)\b"
            r"|\bhow long ago\b|\b(?:what|which) (?:exact |precise |specific |particular )?"
            r"(?:time|date|day|year|month)\b",
            re.I,
        ),
    ),
    ("frequency", re.compile(r"\bhow often\b|\bhow many times\b", re.I)),
    # "How long is the line?" asks for a length as often as for a time (the "extent" measure).
    ("count", _ASKS_EXTENT),
    (
        "duration",
        re.compile(
            r"\bhow long\b|\bfor how many (?:days|weeks|months|years)\b|\bhow much longer\b",
            re.I,
        ),
    ),
    ("share", re.compile(r"\bwhat (?:percentage|share|proportion|fraction|part)\b", re.I)),
    # "How much faster than wages did premiums rise?": a comparison, which any figure may give
    # ("three times faster"), not a sum of money.
    ("count", re.compile(r"\bhow much (?:[a-z]+er|more|less) than\b", re.I)),
    (
        "money",
        re.compile(
            r"\bhow (?:much|big|large)\b.*\b(?:cost|price|pay|paid|money|worth|spend|spent|raise|"
            r"fine|fee|reward|bill|salary|"
            r"earn|ransom|profit|loss|losses|fund|budget|give|giving|revenue|turnover|income|"
            r"wage|compensation|payout|bail|debt|grant|rent|pension|subsid|bonus|"
            r"dividend)\w*|\bwhat(?:['’]s| was| is)? (?:the )?"
            r"(?:average |typical |starting |full )?(?:price|cost|salary|fee|fine|penalty|budget|"
            r"price tag)\b"
            # "What was Skarn's net profit last year?", "What are Brandt's wages?"
            r"|\bwhat (?:was|is|are|were) (?:the |[\w-]+['’]s? )?(?:[a-z]+ )?(?:price|cost|salary|"
            rf"wages?|{_EARNINGS})\b"
            # "What will the railway cost?", "What did Nordmarkt earn last year?", "What was
            # Ross paid for the first film?"
            r"|\bwhat (?:will|would|did|does|do|could|might)\b.*\b(?:cost|earn|charge)\b"
            r"|\bwhat (?:is|was|are|were|will|would) (?:[\w'’-]+ ){1,3}(?:be )?paid\b"
            # "What sum of money are the hackers demanding?"
            r"|\bwhat (?:sum|amount) of money\b|\bwhat sum\b",
            re.I,
        ),
    ),
    (
        "measure",
        re.compile(
            r"\bhow (?:high|deep|far|tall|wide|thick|thin|strong|fast|heavy|hot|cold|warm|close|"
            r"near)\b"
            # "What distance will the track cover?", "At what height will it orbit?"
            r"|\bwhat (?:distance|height|depth|length|speed|temperature|altitude|width|weight)\b"
            # "How much does the handset weigh?"
            r"|\bhow (?:much|heavy)\b.*\bweigh\w*\b",
            re.I,
        ),
    ),
    # "How big is the flock?", "How large is the workforce?": a count answers as often as a
    # measure ("2,000 sheep", "1,200 people").
    ("count", re.compile(r"\bhow (?:big|large)\b", re.I)),
    (
        "count",
        re.compile(
            r"\bhow (?:many|much)\b|\bby how much\b|\bwhat (?:was |is |were |are )?"
            r"(?:the )?(?:[\w-]+['’]s )?(?:[a-z]+ ){0,2}(?:number|amount|rate|population|figure|"
            r"total|score|split|size|turnout|margin|tally|magnitude|toll)\b"
            # "What is Ardle's population?", "What was his blood alcohol reading?"
            r"|\bwhat (?:was |is |were |are )(?:the )?(?:[\w-]+['’]s? )?(?:[a-z-]+ ){0,2}"
            r"(?:population|level|reading|record)\b"
            # "What is inflation running at?"
            r"|^\s*what (?:is|are|was|were) (?:[\w-]+ ){1,3}running at\b"
            # "What was core inflation in October?"
            r"|^\s*what (?:is|are|was|were) (?:the )?(?:[a-z]+ )?(?:inflation|unemployment|"
            r"turnout)\b"
            # "What profit did the terminal make?", "What pay rise does the union want?": a
            # figure, not a statement that the demand is "unaffordable".
            rf"|^\s*what (?:[a-z]+ )?(?:pay |wage )?(?:{_EARNINGS}|"
            r"growth|inflation|rise|increase|raise)\b(?!-)",
            re.I,
        ),
    ),
    # "Where does the benchmark rate stand?", "Where has the bank set its rate?": a level asked
    # for as a position, which a figure gives, not a place.
    (
        "count",
        re.compile(
            r"^\s*where\b(?=.*\b(?:rate|score|tally|total|index|price|inflation|unemployment|"
            r"level|figure|yield|turnout|deficit|balance|lead)s?\b)"
            r".*\b(?:stand|stands|stood|set|sit|sits|sat|settled?|closed?|finish(?:ed)?|ended)\b"
            r"|^\s*where\b.*\brecords?\b.*\b(?:stand|stands|stood)\b",
            re.I,
        ),
    ),
    ("place", re.compile(r"^\s*(?:from |to )?where\b|\bwhich (?:\w+ )?(?:hospitals?|towns?|"
                         r"cit(?:y|ies)|country|villages?|streets?|ports?|areas?|regions?|"
                         r"places?|provinces?|states?|suburbs?|airports?|stations?|venues?|"
                         r"buildings?|roads?|part of (?:the )?(?:town|city|country)|rooms?|"
                         r"courts?|districts?|prisons?|jails?|count(?:y|ies)|"
                         r"islands?|stadiums?|arenas?|hotels?|locations?|(?:stock )?markets?|"
                         r"(?:stock )?exchanges?)\b"
                         # "At what venue did the fight take place?"
                         r"|\b(?:in|at|from|to|on) what (?:\w+ )?(?:venue|city|town|country|room|"
                         r"court|district|prison|hospital|street|location|building|stadium|"
                         r"hotel|island|region|area)\b"
                         r"|^\s*in what\b(?! (?:way|manner|sense|form|capacity|respect)\b)",
                         re.I)),
    ("agent", re.compile(r"^\s*(?:by |to |with )?who(?:m|se)?\b|\bwhich (?:\w+ ){0,2}(?:company|"
                         r"firm|group|agenc\w*|organi[sz]ation|body|team|party|union|official|"
                         r"minister|player|person|man|woman|researcher|expert|analyst|economist|"
                         r"lender|bank|bookmaker|club|newspaper|members?|companies|firms|groups|"
                         r"teams|parties|unions|officials|ministers|players|MPs?|politicians?|"
                         r"lawmakers?|candidates?|officers?|judges?|lawyers?|doctors?|nurses?|"
                         r"scientists?|spokes(?:man|woman|person)|executives?|directors?|"
                         r"studios?|networks?|airlines?|broadcasters?|retailers?|insurers?|"
                         r"actors?|actress(?:es)?|singers?|authors?|writers?|artists?|"
                         r"producers?|presenters?|coaches?|managers?|owners?|suspects?|"
                         r"witness(?:es)?|specialists?|engineers?|academics?|teammates?|"
                         r"colleagues?|prosecutors?|professors?|leaders?|investors?|"
                         r"shareholders?|sponsors?|bidders?|buyers?|contractors?|suppliers?|"
                         r"developers?|architects?|readers?|receivers?|troopers?|deputies|"
                         r"deputy|victims?|pilots?|drivers?|workers?|employees?|residents?|"
                         r"customers?|students?|teachers?|soldiers?|detectives?|relatives?|"
                         r"neighbou?rs?|organi[sz]ations|agencies|bodies|charities|charity)\b"
                         # "What is the missing woman's name?": a name answers, nothing else.
                         rf"|^\s*{_WHAT_IS} (?:the )?(?:[\w'’-]+ ){{0,3}}names?\b"
                         # "What was the dog called?", "What is Thompson's nickname?"
                         rf"|^\s*{_WHAT_IS}\b.*\b(?:called|known as)\s*\??\s*$"
                         r"|\bnicknames?\b"
                         # "Which TV series did she have a part in?": its title.
                         rf"|{_WHICH_WORK}",
                         re.I)),
    ("cause", re.compile(r"^\s*why\b|\bwhat (?:caused|led to|is the reason)\b|\bfor what reason\b"
                         # "What set off the blaze?", "What do locals think started the fire?"
                         r"|^\s*what (?:do|does|did) (?:[\w-]+ ){1,3}(?:think|say|believe|suspect) "
                         r"(?:started|sparked|caused|triggered)\b"
                         r"|^\s*what (?:set (?:off|(?:\w+ ){1,3}off)|started|sparked|triggered)\b",
                         re.I)),
)  # fmt: skip
# The broader kind a specific one falls back on: a sentence with some figure in it half fits
# a question about a price.
_BROADER: dict[Kind, Kind] = {
    "measure": "count", "money": "count", "duration": "count", "share": "count",
    "frequency": "count", "age": "count",
}  # fmt: skip
_RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|overnight|ago|daybreak|dawn|dusk|midnight|noon|"
    r"(?:this|last|next|that|on \w+) (?:week|month|year|morning|afternoon|evening|night|"
    r"weekend)|by (?:morning|evening|nightfall|the end of)|early hours|first day|"
    # "over the weekend", "at the end of the decade", "in his second year", "its final days"
    r"over the weekend|end of the (?:decade|century|year|month|week|season|summer|winter)|"
    r"(?:first|second|third|fourth|final|last|closing|opening) (?:days?|weeks?|months?|years?) "
    r"(?:of|there|in office|at)|"
    r"in (?:the )?(?:morning|afternoon|evening)|(?:twenty|quarter|half) past|immediately|"
    # "in the coming months", "by the fall"
    r"(?:the )?coming (?:days|weeks|months|years)|"
    r"(?:by|in|this|next|last) (?:the )?(?:spring|summer|autumn|fall|winter))\b|"
    # "in their next payment", "at its following meeting"
    r"\b(?:in|at|by|from) (?:the|their|its|his|her|our|your) (?:next|following) [a-z]+\b|"
    # "would reopen once roads were declared safe", "closed until repairs are finished", "will
    # reveal it only after the source is dead"
    r"\b(?:once|as soon as|until|after) (?!(?:a|an|again|more|before|upon|or|every|in)\b)"
    r"(?:[\w'’-]+ ){0,4}(?:is|are|was|were|has|have|had|can|could|been)\b|"
    r"\b(?:in|within) (?:about |around |roughly |some )?(?:\w+ |\w+ to \w+ )?"
    r"(?:days?|weeks?|months?|years?)\b|"
    # "nine days earlier", "a week later", "two days after the break-in"
    r"\b\w+ (?:hours?|days?|weeks?|months?|years?) (?:earlier|later|"
    r"(?:after|before) (?:the|an?|his|her|its|their)\b)|"
    r"\b(?:1[6-9]|20)\d{2}s?\b",
    re.I,
)
# An age in words: "sixty-one", "twenty".
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_AGE_IN_WORDS = rf"(?:{_TENS}(?:-(?:{_ONES}))?|{_ONES}|ten|eleven|twelve|[a-z]+teen)"
_AGE = re.compile(r",\s*\d{1,3}\s*,|\b\d{1,3}\s*-?\s*years?\s*-?\s*old\b"
                  # "the sixty-one-year-old", "a twenty-year-old"
                  rf"|\b(?:{_TENS})(?:-(?:{_ONES}))?-years?-old\b"
                  r"|\bage of \w+|\baged \d{1,3}\b"
                  r"|\b(?:[Hh]e|[Ss]he) (?:was|is|turned|turns) \d{1,3}\b|,\s*now \d{1,3}\b"
                  # "Mark Felt was 95.", "who turned 68 on Saturday"
                  r"|\b(?:[A-Z][a-z]+|who|whose|it) (?:was|is|turned|turns) \d{1,3}"
                  r"(?=\s*(?:[.;]|$| on\b| when\b))"
                  r"|\bage\b[^.;,]{0,30}?\b(?:to|of|at) \d{2}\b"
                  # "I was eleven the last time", "when she was nine"
                  rf"|\b(?:I|[Hh]e|[Ss]he|[Ww]e|[Tt]hey) (?:was|were|am|turned) {_AGE_IN_WORDS}"
                  r"(?=\s*(?:[.;,]|$|when\b|the\b|at\b|and\b))"
                  r"|\bin (?:his|her) (?:twenties|thirties|forties|fifties|sixties|seventies|"
                  r"eighties|nineties)\b")  # fmt: skip
_PLACE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|inside|on|under|beneath|behind|beside|across|"
    r"along|off|above|below|around|through|towards?)\s+(?:the\s+)?"
    # "on Saturday", "in July": a time, not a place.
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"[A-Z][\w'’-]+"
    r"|\b(?:street|road|terrace|square|hall|centre|center|hospital|school|academy|church|"
    r"university|station|airport|port|harbour|pier|park|car park|gate|bridge|plant|factory|"
    r"village|town|city|country|coast|river|island|province|region|county|"
    # Where people are taken, held or sheltered, and where things are posted or driven.
    r"headquarters|courthouse|prison|jail|hotel|shelter|camp|stadium|museum|library|market|"
    r"shop|store|restaurant|farm|estate|forum|freeway|highway|motorway|warehouse|beach|"
    r"border|valley|lake|bodega|supermarket|cafe|café|pub|mall|clinic|courtroom|compound|"
    r"garage|route|avenue|boulevard|interstate)\b"
    # where something happens indoors or on board: "in Flynn's car", "above the old post office"
    r"|\b(?:in|at|on|inside|outside|above|below|under|behind|near|into|from)\s+"
    r"(?:the|a|an|his|her|their|its|[A-Z][\w-]*['’]s)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:car|house|flat|apartment|room|office|building|neighbou?rhood|yard|garden|kitchen|"
    r"bedroom|basement|vehicle|truck|boat|ship|plane)\b",
)
# A place named by what it is ("the southern town of Brask", a "Kestrin-based" firm), or a
# direction ("ports further north"): the place, not the word the question may share ("town").
_PLACE_NAMED = (
    re.compile(
        r"\b(?:town|city|village|region|province|county|state|island|district|suburb|port|"
        r"area|capital|municipality|borough|parish)\s+of\s+"
        r"(?P<slot>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)"
    ),
    re.compile(r"(?P<slot>[A-Z][\w'’-]+)-based\b"),
    re.compile(
        r"\b(?P<slot>(?:further|farther|to the)\s+(?:north|south|east|west)"
        r"(?:-?(?:east|west))?)\b"
    ),
)
# Where someone was hurt ("Where was she hit?", not "In which town was she shot?"): "shot in
# the left arm".
_HURT = re.compile(
    r"^\s*where\b.*\b(?:shot|hit|wounded|injured|hurt|stabbed|struck|bitten|burned)\b", re.I
)
_BODY_PART = re.compile(
    r"\bin (?:the|his|her|their) (?:(?:left|right|upper|lower) )?(?:arm|leg|head|chest|back|"
    r"shoulder|neck|stomach|abdomen|hand|foot|knee|thigh|hip)s?\b",
    re.I,
)
# "What injury sidelined Reggie Bush?": an injury is named by the body part it hurt or by what
# it is, which "placed on injured reserve" does not say.
_ASKS_INJURY = re.compile(r"^\s*what (?:(?:kind|type|sort) of )?injur", re.I)
_INJURY = re.compile(
    r"\b(?:arms?|legs?|chest|shoulders?|necks?|stomach|abdomen|hands?|feet|foot|knees?|"
    r"thighs?|hips?|ankles?|wrists?|elbows?|toes?|fingers?|ribs?|spine|skull|jaw|hamstrings?|"
    r"groin|calf|achilles|ligaments?|tendons?|fibula|tibia|paws?|burns|burned|fractur\w*|"
    r"broken|broke|sprain\w*|strain\w*|torn|concussion|bruis\w*|wounds?|exhaustion|"
    r"inhalation|dislocat\w*|bones?)\b",
    re.I,
)
_CAUSE = re.compile(
    # "since" giving a time ("since he retired in 2020") gives no reason.
    r"\bsince\b(?![^,.;]*\b(?:1[89]\d\d|20\d\d|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|last|yesterday|then|the summer|the spring|"
    r"the autumn|the winter)\b)"
    r"|\b(?:because|as a result|due to|owing to|caused|after|so that|in order to|"
    r"as a precaution|the reason|led to|following|thanks to|blamed|for fear|as|"
    r"at the request of|amid|when|citing)\b"
    r"|\b(?:to|not to) [a-z]+\b|\bfor [a-z]{3,}ing\b"
    # "Shares fell 5 per cent on market speculation that it was involved"
    r"|\bon (?:[a-z]+ )?(?:speculation|fears?|concerns?|hopes?|news|reports?|worries|"
    r"expectations?|rumou?rs?)\b",
    re.I,
)
# A reason said without a word for one: a speaker's own words, a clause on what something does
# (", freeing up capacity"), what could follow, how something works ("which arrives ...").
_EXPLAINING = re.compile(r"[\"“]|,\s+[a-z]+ing\b|\b(?:could|would|might|which|so)\b", re.I)
_AGENT = re.compile(
    r"\b(?:police|company|firm|union|council|ministry|government|services?|operator|"
    r"authority|agency|group|team|officials?|spokes(?:man|woman|person)|chief|director|"
    r"executive|chair|captain|secretary|minister|president|mayor|judge|maid|lawyer)\b",
    re.I,
)
_MEASURE = re.compile(
    r"\d\s*-?\s*(?:mm|cm|km|m|ft|C|F|km/h|mph|[kMG]Hz|[kMG]W|kg|mg|lbs?|oz|ml)\b"
    r"|\b(?:metres?|meters?|kilometres?|kilometers?|centimetres?|centimeters?|millimetres?|"
    r"millimeters?|miles?|"
    r"feet|foot|inches|hectares?|acres?|degrees?|tonnes?|tons?|kg|knots?|deep|high|across|"
    r"wide|tall|long|grams?|kilograms?|kilos|ounces?|litres?|liters?|gallons?)\b",
    re.I,
)
# A currency's code or sign before a figure: "RM10,099", "Dh472", "CHF 12".
_CURRENCY_CODES = "RM|Rs|Dh|CHF|USD|EUR|GBP|JPY|SEK|NOK|DKK|INR|AED|AUD|CAD"
_CURRENCY = re.compile(
    r"[$€£¥₹₩₽]|\b(?:marks?|euros?|dollars?|pounds?|francs?|kronor|krona|yen|yuan|rupees?|"
    r"pesos?|cents?|pence|ringgit|dirhams?|riyals?|baht|roubles?|rubles?|zloty|lira|"
    r"shekels?|dinars?)\b"
    rf"|\b(?:{_CURRENCY_CODES})\.?\s?\d",
    re.I,
)
# Money: a currency, or millions and billions as business pages write sums ("4.2bn"). Where a
# count may be written so too ("3.1mn customers"), only `_CURRENCY` tells money.
_MONEY = re.compile(rf"{_CURRENCY.pattern}|\d\s*(?:mn|bn)\b", re.I)
_DURATION = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|fortnight|months?|years?|decades?|"
    # "since 2019", "until the weekend"; not "since it broke out", which says no length.
    r"centur(?:y|ies))\b|\b(?:since|until)\b(?!\s+(?:it|he|she|they|we|you|I)\b)"
    # "Total downtime was 1hr 4 mins"
    r"|\d\s*(?:hrs?|mins?|secs?)\b",
    re.I,
)
_TIME_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|"
    r"centur(?:y|ies)|games|matches|seasons?|generations)"  # "out for four games"
)
# A length of time said as one: an amount of a unit ("19 years", "nearly nine weeks", "a
# decade", "a 10-day"), "for years", or from or until a point ("since 2019"); not a point in
# time ("this year", "last week") nor a rate ("metres per second").
_LENGTH = re.compile(
    rf"(?:\d[\d,.]*|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    rf"{_TENS}|\w+teen|hundreds?|dozens?|several|few|many|couple|half|some|another))"
    rf"(?:[\s-]+(?:and|a|of|half|more|full|long|straight|consecutive|working|business|school|"
    rf"trading|[a-z]+teen|{_ONES})){{0,3}}"
    # not an age ("5 years old") nor a point in time ("two weeks ago", "a day later")
    rf"[\s-]+{_TIME_UNITS}\b(?![\s-]+(?:old|ago|later|earlier)\b)"
    rf"|\bfor (?:many |several |the past |the last )?{_TIME_UNITS}\b"
    rf"|\b(?:since|until)\b(?!\s+(?:it|he|she|they|we|you|I|recently|lately)\b)"
    r"|\d\s*(?:hrs?|mins?|secs?)\b|\ball (?:day|night|week)\b"
    # "closed through the weekend", "most of the weekend", "after months of talks"
    r"|\b(?:through|(?:most|much|part|all|the rest) of) (?:the )?"
    r"(?:weekend|night|day|week|month|year|winter|summer|season)\b"
    r"|\b(?:days|weeks|months|years|decades) of\b"
    # "from 1995 through 1998", "between 2001 and 2004"
    r"|\b(?:from|between) (?:[A-Z][a-z]+ )?\d[\d,]* (?:to|through|until|till|and) "
    r"(?:[A-Z][a-z]+ )?\d",
    re.I,
)
# "How long after the glow were embers falling?", "How long was he on the run before being
# caught?" ask for the time between two moments, which "Twenty minutes later" or "two weeks
# ago" gives.
_ASKS_ELAPSED = re.compile(r"\bhow long\b[^?]*\b(?:after|before)\b", re.I)
_ELAPSED = re.compile(
    # an amount of time ("Fourteen months later"), not a period ("in the days before the trial")
    rf"(?:\d[\d,.]*|\b(?:an?|{_ONES}|ten|eleven|twelve|\w+teen|{_TENS}|few|several|some))"
    rf"[\s-]+(?:{_TIME_UNITS})\b[\s-]+(?:ago|later|earlier|after|before)\b",
    re.I,
)
# "How long has he been living in Australia?" asks how long since something began, which "who
# emigrated eleven years ago" gives.
_ASKS_HOW_LONG_SO = re.compile(r"\bhow long (?:has|have)\b.*\bbeen\b", re.I)
_AGO = re.compile(rf"\b(?:{_TIME_UNITS})\b[\s-]+ago\b", re.I)
_SHARE = re.compile(r"%|\bper ?cent\b|\b(?:half|third|quarter|fifth|majority|most)\b", re.I)
_FREQUENCY = re.compile(
    r"\b(?:once|twice|every|daily|weekly|monthly|annually|times a|a (?:day|week|month|year))\b"
    # "cancelled three times this autumn"
    r"|(?:\d+|\b(?:three|four|five|six|seven|eight|nine|ten|several|many|dozens? of)) times\b"
    # "cut rates for the second time this year", "its second cut this year": which time it is
    # says how many there were.
    r"|\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)) "
    r"(?:time\b|[a-z]+ (?:this|so far this|of the) (?:year|season|month|week|decade)\b)",
    re.I,
)
# "An hour away", "a metre deep": a measure with no figure.
_ONE_UNIT = re.compile(r"\b(?:an?|one) (?:hour|minute|day|mile|kilometre|metre|foot)\b", re.I)
_PERSON = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+))+|&")
_QUANTITY_WORDS = re.compile(
    r"\b(?:half|third|quarter|fifth|twice|double|once|dozens?|hundreds|thousands|millions|"
    r"majority|most|all|none|no one|nobody|(?:doubl|tripl|trebl|quadrupl|halv)(?:e|ed|es|ing))\b"
    r"|\d",
    re.I,
)


# A yes-or-no question, whatever question it holds: "Were police able to say how many shots were
# fired?" is answered by "Police could not say how many shots were fired."
_YES_OR_NO = re.compile(
    r"^\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b", re.I
)


def yes_or_no(question: str) -> bool:
    return bool(_YES_OR_NO.search(question))


def kind(question: str) -> Kind:
    """The kind of answer a question asks for; "other" for what/how/yes-no questions."""
    if yes_or_no(question):
        return "other"
    return next((name for name, pattern in _KINDS if pattern.search(question)), "other")


_ASKING = re.compile(
    r"\bhow (?:many|much|long|far|high|deep|tall|wide|big|large|strong|fast|heavy|old|often)\b"
    r"|\b(?:what|which) (?:time|date|day|year|month|age|percentage|share|proportion|fraction)\b",
    re.I,
)


def without_kind_words(question: str) -> str:
    """The question without the words that name its kind ("How far is the port?" → "is the
    port?"): what is left is what the answer must be said about."""
    return _ASKING.sub(" ", question)


# Whom or what a question is about, by a name ("Trygg Holding") or a title ("the mayor"): an
# article that never mentions them cannot say what they said or did, whatever else it shares.
_ASKED_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]+")
# Capitalised words a question gives that name no one: the reader ("I've") and everyday
# acronyms ("a TV series"). (A month does, as a year does: "inflation in September" is not
# October's.)
_NOT_A_NAME = re.compile(r"I|I['’](?:ve|m|d|ll)|TV|CEO|GP")
# Words before a name that are not part of it: "Ms Aho" is said "Aho", "Senator Boxer" "Sen.
# Barbara Boxer", "The Geysers" "the Geysers".
_BEFORE_A_NAME = re.compile(
    r"^(?:(?:The|Mr|Mrs|Ms|Miss|Dr|Senator|Sen|President|Professor|Prof|Judge|Governor|Gov)"
    r"\.?\s+)+(?=[A-Z])"
)


def _asked_names(question: str) -> list[str]:
    """The capitalised words of a question that name someone or something."""
    return [
        m[0]
        for m in _ASKED_NAME.finditer(question)
        if not _NOT_A_NAME.fullmatch(m[0]) and not _BEFORE_A_NAME.match(question[m.start() :])
    ]


def _asked_full_names(question: str) -> list[str]:
    """The names of two words or more a question gives, without a title before them. A
    possessive ends a name: "Benjamin's MacArthur award" names Benjamin and MacArthur."""
    runs = (_BEFORE_A_NAME.sub("", run) for run in _FULL_ASKED_NAME.findall(question))
    return [name for run in runs for name in _AFTER_A_POSSESSIVE.split(run) if " " in name]


# A title the question asks about by "the" or whose it is: "What did the mayor say?", not
# "When must he appear before a judge?".
_TITLE = re.compile(
    r"\b(?:the|its|his|her|their|[\w-]+['’]s?) (?:[\w-]+ )?(?P<title>mayor|minister|premier|"
    r"president|governor|judge|lawyer|attorney|prosecutor|coroner|sheriff|"
    r"spokes(?:man|woman|person)|ambassador|senator|bishop)\b",
    re.I,
)


def unmentioned(question: str, texts: Sequence[str]) -> list[str]:
    """The names and titles a question asks about that none of these texts mention ("What did
    the mayor say?" of an article with no mayor), inflections and synonyms folded."""
    asked = _asked_names(question)
    asked += [m["title"] for m in _TITLE.finditer(question)]
    if not asked:
        return []
    written = " ".join(texts)
    said = set(concepts(written))
    return [word for word in asked if not _mentions(word, said, written)]


def _mentions(name: str, said: set[str], text: str) -> bool:
    """Whether a text mentions a name: by its concepts, by the name itself when it is an
    everyday word ("Tell" of Tell & Daughters), or spelled out when it is an acronym."""
    named = concepts(name)
    if not named:
        return re.search(rf"\b{re.escape(name)}\b", text) is not None
    acronyms = {acronym for stem in named for acronym in _ACRONYMS_OF.get(stem, ())}
    return (
        _named_in(name, said)
        or _spelled_out(name, text)
        or any(
            re.search(rf"\b{acronym}\b", text) or _spelled_out(acronym, text)
            for acronym in acronyms
        )
    )


# Countries and unions news names by their initials: "the American geological survey" is the
# "U. S. Geological Survey".
_ACRONYMS_OF = {
    stem: acronyms.split()
    for words, acronyms in (
        ("america american", "US USA"),
        ("britain british", "UK"),
        ("europe european", "EU"),
    )
    for stem in concepts(words)
}


# A name and the common noun it names ("the Bellbrook Ridge fire"), not at the question's start.
_NAMED_THING = re.compile(r"(?<=\s)(?P<name>(?:[A-Z][\w'’-]+ )+)(?P<thing>[a-z]{3,})\b")
# A sentence saying that what a reader asks is not known yet: it tells them the article does
# not say ("Results of the test have not been released").
_WITHHELD = re.compile(
    r"\b(?:ha(?:ve|s)|had) not (?:yet )?been (?:released|disclosed|made public|revealed|"
    r"published)\b|\bwere not (?:released|disclosed|made public)\b",
    re.I,
)
# A sentence saying that what, how or why is not known: "It's not known what kind of firearm
# was involved", "who would not say why the permit was denied".
_WH_WORDS = "what|how|why|who|when|where|which"
_UNKNOWN = re.compile(
    r"\b(?:(?:is|was|it['’]s|are|were) (?:not|still not|not yet) (?:known|clear)"
    r"|(?:ha(?:ve|s)|had|did|would|could|will) not (?:yet )?(?:revealed?|disclosed?|said|say|"
    r"released?|confirm(?:ed)?|explain(?:ed)?)"
    r"|(?:refused|declined) to (?:disclose|say|reveal|explain))"
    rf" (?P<wh>{_WH_WORDS})\b",
    re.I,
)
_WH = re.compile(rf"\b(?:{_WH_WORDS})\b", re.I)


# "Was anyone hurt in the fire?", "Has anyone gone missing?": whether anyone met an outcome,
# which a sentence answers only by saying that outcome (or none of it: "No one was hurt").
_ANYONE_ASKED = re.compile(
    r"^\s*(?:was|were|has|have|had|is|are)\s+(?:anyone|anybody|someone|somebody|any\s+[\w'’-]+)"
    r"\s+(?P<outcome>.*?)(?:\s+(?:in|at|on|by|during|after|from|since|when|while|over|to)\b.*)?"
    r"\??\s*$",
    re.I,
)
# Verbs that carry no outcome of their own ("gone missing", "got hurt").
_LIGHT_VERBS = frozenset(concepts("gone go got get been become became come"))


def _outcome_of_anyone_unsaid(text: str, question: str) -> bool:
    """Whether a question asks if anyone met an outcome and the sentence does not say it:
    "most of the others having gone to stay with friends" does not say whether anyone has
    gone missing."""
    asked = _ANYONE_ASKED.search(question)
    if asked is None:
        return False
    outcome = set(concepts(asked["outcome"])) - _LIGHT_VERBS
    return bool(outcome) and not outcome & set(concepts(text))


def _said_unknown(text: str, question: str) -> bool:
    """Whether the sentence says that the very thing asked is not known: "would not say why"
    to a why question (not to "Who is the police chief?")."""
    asked = _WH.search(question)
    return asked is not None and any(
        m["wh"].lower() == asked[0].lower() for m in _UNKNOWN.finditer(text)
    )


# "What is the name of the spokesman?": only a name answers, not a role ("a spokesman said").
_ASKS_NAME = re.compile(r"\bnames?\b", re.I)
# "Which company built it?" asks which one by name, as "the name of" does: "the agency" is none.
_ASKS_WHICH_BODY = re.compile(
    r"^\s*(?:which|what)\s+(?:[\w-]+\s+)?(?:company|firm|bank|lender|agency|group|team|club|"
    r"organi[sz]ation|studio|network|union|party|charity|insurer|operator|fund|investor|"
    r"contractor|airline|newspaper|broadcaster|university|school|hospital)\b",
    re.I,
)
# The longest acronym looked for spelled out.
_ACRONYM_MAX = 6
# An acronym a name may be called by: of three capitals or more, since two ("AP") are as often
# another body's as the initials of a name asked about.
_ACRONYM = re.compile(rf"\b[A-Z]{{3,{_ACRONYM_MAX}}}\b")
# Whose name a question asks for: "the name of the woman reported missing", "the missing
# woman's name", "the name of Katie's boyfriend".
_NAME_OF = re.compile(
    r"\bnames? of (?:the |a |an |his |her |their |its |this |that )?(?P<of>[\w'’ -]+)"
    r"|\b(?P<owner>[\w-]+)['’]s? (?:full )?names?\b",
    re.I,
)
# Where the description of whose name is asked ends: a clause ("who was burned"), a participle
# ("reported missing"), a place or time ("at the camp").
_DESCRIPTION_END = re.compile(
    r"^(?:who|whom|whose|that|which|when|where|he|she|they|it|at|in|on|of|from|to|by|for|with|"
    r"the|a|an|his|her|their|its|"
    r"after|before|during|near|was|were|is|are|has|had|have|did|does|do|\w{3,}ed)$",
    re.I,
)
# A name of two words or more a question asks about ("Pierre Thomas", "the Social Democrats").
_FULL_ASKED_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+")
_AFTER_A_POSSESSIVE = re.compile(r"(?<=['’]s)\s+")


# A year a question names ("the 2019 study"): what it asks about is of that year.
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d{2}\b")
# A period named from now ("last year", "next year's"), the words for one period made one.
_RELATIVE_PERIOD = re.compile(
    r"\b(last|previous|this|next|coming) (year|month|week|quarter)\b", re.I
)
_SAME_PERIOD = {"previous": "last", "coming": "next"}


def names_unsaid(question: str, texts: Sequence[str], context: str = "") -> bool:
    """Whether these texts (a sentence and the one before it) leave out a word of a name of two
    words or more that the question asks about: "Vessland First won five seats" does not say how
    many the Social Democrats won, nor "Birgit Halvorsen, 58" how old Jonas Halvorsen is. A name
    of one word counts too unless the `context` names it (what the reader has in view: the
    headline, the opening sentence and the sentences just before): a report about Vireo says
    "the company" for it, but "the Tarrawong fire destroyed a dozen homes" does not say how many
    were lost in Cooringa, nor, having named another fire, how many the Bellbrook Ridge fire
    destroyed (`_names_another`). Names are said by words made from them ("South Sudan" for
    "South Sudanese") and acronyms by the names they spell out. A year the question names must
    be in view too: "a study on the Northern Line" is not "the 2019 study"."""
    written = " ".join(texts)
    if texts and _names_another(question, texts[-1]):
        return True
    if any(year not in f"{written} {context}" for year in _YEAR.findall(question)):
        return True
    if texts and _another_period(question, texts[-1]):
        return True
    said = set(concepts(written))
    names = _asked_full_names(question)
    if any(not _full_name_meant(name, written, said, context) for name in names):
        return True
    if not context:
        return False
    known = said | set(concepts(context))
    spelled = f"{written} {context}"
    return any(not _mentions(name, known, spelled) for name in _asked_names(question))


def _periods(text: str) -> set[tuple[str, str]]:
    return {
        (_SAME_PERIOD.get(which.lower(), which.lower()), unit.lower())
        for which, unit in _RELATIVE_PERIOD.findall(text)
    }


def _another_period(question: str, sentence: str) -> bool:
    """Whether a question names a period from now and the sentence only another of the same
    length: "next year's operating profit" is not the profit made last year."""
    said = _periods(sentence)
    return any(
        (which, unit) not in said and any(unit == other for _, other in said)
        for which, unit in _periods(question)
    )


def whose_name(question: str) -> str | None:
    """The word for whom (or what) a question asks the name of ("What is the name of the
    pensioner rescued from his car?": "pensioner"); None when it asks no name so."""
    match = _NAME_OF.search(question)
    if match is None:
        return None
    if match["owner"]:
        return match["owner"].lower()
    return _described_head(match["of"])


# How far (characters) a name may stand after whom it names ("The woman, identified by the
# police as Madeline Kafoury"), and before ("Madeline Kafoury, the woman"): a name further
# before is the subject of another clause ("Coleman then testified that his third friend").
_NAMED_AFTER = 50
_NAMED_BEFORE = 20


# "How old is Koski's grandson?": someone named through another person.
_RELATIVE_OF = re.compile(
    r"\b(?P<name>[A-Z][\w-]+)['’]s? (?!(?:age|birthday)\b)(?P<relation>[a-z]+)"
)
# An age said right after a name: "Maj-Britt Koski, 81,", "Zurana Horton, 34".
_NAME_AGE = re.compile(r"\b(?P<name>[A-Z][\w'’-]+),\s*\d{1,3}\b(?!\s*-?\s*years)")


def _possessor_age_only(text: str, question: str) -> bool:
    """Whether a question asks the age of someone named through another person ("How old is
    Koski's grandson?") and every age the sentence says is that person's own ("Maj-Britt
    Koski, 81,"), with no word for how they are related ("his mother, Inga Sandvik, 78"): not
    the age asked for."""
    asked = _RELATIVE_OF.search(question)
    if not asked or set(concepts(asked["relation"])) & set(concepts(text)):
        return False
    ages = [m["name"] for m in _NAME_AGE.finditer(text)]
    return (
        bool(ages)
        and all(name == asked["name"] for name in ages)
        and len(_AGE.findall(text)) == len(ages)
    )


# "How old is the nephew now?": an age at present, which "raped him when he was 5 years old"
# is not.
_ASKS_AGE_NOW = re.compile(r"\bhow old (?:is|are)\b|\bhow old\b.*\b(?:now|today)\b", re.I)
_PAST_AGE = re.compile(
    rf"\bwhen (?:he|she|they|I|we|it) (?:was|were) (?:just |only |about )?"
    rf"(?:\d{{1,3}}|{_AGE_IN_WORDS})(?:\s*-?\s*years?\s*-?\s*old)?\b",
    re.I,
)


# Family, whose ages are theirs and not the age of whom they are family to: "He leaves behind
# a 16-year-old son", "his mother, Inga Sandvik, 78,".
_RELATIONS = (
    r"(?:sons?|daughters?|wife|husband|mother|father|brothers?|sisters?|child|children|"
    r"grand(?:son|daughter|mother|father)s?|nephews?|nieces?|cousins?|aunts?|uncles?|"
    r"step(?:son|daughter)s?|girlfriend|boyfriend|partner)"
)
_RELATIVE_AGE = re.compile(
    rf"\b\d{{1,3}}\s*-?\s*years?\s*-?\s*old (?P<after>{_RELATIONS})\b"
    rf"|\b(?P<before>{_RELATIONS}),\s*(?:(?:[A-Z][\w'’-]+\s*)+,\s*)?\d{{1,3}}\b"
)


def _relatives_age_only(text: str, question: str) -> bool:
    """Whether every age a sentence says is that of someone's family the question does not ask
    about: "a 17-year-old son" is not how old the police chief, or his wife, is."""
    relatives = [m["after"] or m["before"] for m in _RELATIVE_AGE.finditer(text)]
    asked = set(concepts(question))
    return (
        bool(relatives)
        and not any(asked.intersection(concepts(relative)) for relative in relatives)
        and len(_AGE.findall(text)) == len(relatives)
    )


def _past_age_only(text: str, question: str) -> bool:
    """Whether a question asks how old someone is now and every age the sentence says is one
    they were once."""
    if not _ASKS_AGE_NOW.search(question) or not _PAST_AGE.search(text):
        return False
    return not _AGE.search(_PAST_AGE.sub(" ", text))


# A name of where someone is or comes from, not of them: "firefighters in New South Wales",
# "the mayor of Calderwick", "went to Northfield Upper School, is a volunteer firefighter".
_PLACED = re.compile(r"\b(?:in|at|on|near|from|between|to|into|across|of)\s+(?:the\s+)?$")
# A name where something happens, never who does it: "began in the Kerrigan State Forest",
# "a crater near the Yida camp", "passing behind the Moon" ("at" and "of" also come before
# firms: "an analyst at Kestrel Securities").
_WHERE_BEFORE = re.compile(
    r"\b(?:in|near|across|into|between|behind|beyond|around|over|under|inside|outside|through|"
    r"towards?)\s+(?:the\s+)?$"
)
# "Who is the interior minister?": whoever holds a role, which a sentence naming no one (only
# "the interior ministry") does not say.
_ASKS_WHO_IS = re.compile(r"^\s*who(?:['’]s| is| was) (?:the|his|her|their|its) ", re.I)


def _names(text: str, question: str) -> list[tuple[int, int]]:
    """Where a sentence names someone (or, asked for a title, quotes one)."""
    patterns: tuple[re.Pattern[str], ...] = (_PERSON, _MID_SENTENCE_NAME, _SAYER)
    if _ASKS_TITLE.search(question):
        patterns = (*patterns, _QUOTED_TITLE)
    return [_slot(m) for p in patterns for m in p.finditer(text)]


# A name describing whom it stands before, not naming them: "an Israeli army spokesman",
# "Vireo's spokesman", "crews from Ashby rescued a man".
_DESCRIBING = re.compile(r"(?:['’]s?)?(?:\s+[a-z][\w-]*)*\s+")


def _whose_name_unsaid(text: str, question: str) -> bool:
    """Whether a question asks the name of someone described ("the woman reported missing")
    and the sentence names no one near them: "police commander Aron Strand" is not the missing
    woman's name, nor "a man in his seventies" a rescued pensioner's, nor "one man was killed
    when a landslide engulfed a plantation, said agency official Fauzi" the dead man's. Asked
    who holds a role ("Who is the interior minister?"), a sentence naming no one does not say,
    nor one that only introduces someone in that role ("a special prosecutor")."""
    head = whose_name(question)
    if head is None:
        return _holder_unsaid(text, question)
    names = _names_in(text, question)
    return not any(
        _names_mention(text, mention, name)
        for mention in _mentions_of(head, text)
        for name in names
    )


def _holder_unsaid(text: str, question: str) -> bool:
    """Whether, asked who holds a role ("Who is the special prosecutor Oppal appointed?"), the
    sentence names no one, or only introduces someone in that role without their name."""
    holder = _ASKS_WHO_IS.search(question)
    if holder is None or _ENDS_ON_PREPOSITION.search(question):
        return False
    names = _names_in(text, question)
    role = _described_head(question[holder.end() :])
    mentions = _mentions_of(role, text) if role else []
    if not names:
        return True
    if not mentions:
        return False  # a name, and no one described: "Chamber president Jane Doe said"
    introduced = all(_INTRODUCED.search(text, 0, start) for start, _ in mentions)
    return introduced and not any(_names_mention(text, m, name) for m in mentions for name in names)


def _names_in(text: str, question: str) -> list[tuple[int, int]]:
    """Where a sentence names someone, not where it says where ("in Brask")."""
    return [
        (start, end) for start, end in _names(text, question) if not _PLACED.search(text, 0, start)
    ]


# "Who is the food bank for?": a question ending on its preposition asks for whom.
_ENDS_ON_PREPOSITION = re.compile(r"\b(?:for|to|with|from|by|about|on|at)\s*\?*\s*$", re.I)
# Someone introduced without a name ("An Arizona judge dismissed the charges against Jeffs"):
# only a name set beside them is theirs ("a judge, Ann Moss,", "a woman named Ann Moss", "a
# group calling itself ShadowKelp").
_INTRODUCED = re.compile(r"\b(?:an?|one)\s+(?:[\w'’-]+\s+){0,2}$", re.I)
_BESIDE = re.compile(
    r"[\s,“\"]*(?:(?:who |that )?(?:named|called|known as|identified as|the|using the name|"
    r"going by|call(?:s|ing)? (?:it|him|her|them)sel(?:f|ves))\s+)?"
)


def _mentions_of(role: str, text: str) -> list[tuple[int, int]]:
    """Where a sentence mentions the role, in any of its forms ("judges" for "judge")."""
    wanted = set(concepts(role))
    return [m.span() for m in re.finditer(r"[\w'’-]+", text) if wanted & set(concepts(m[0]))]


def _names_mention(text: str, mention: tuple[int, int], name: tuple[int, int]) -> bool:
    """Whether the name stands near enough to the mention of someone to be theirs."""
    (m_start, m_end), (start, end) = mention, name
    introduced = _INTRODUCED.search(text, 0, m_start)
    if introduced:  # "Ann Moss, a witness", "a witness, Ann Moss," "a witness named Ann Moss"
        if start < m_end:
            return re.fullmatch(r"\s*,\s*", text[end : introduced.start()]) is not None
        return _BESIDE.fullmatch(text, m_end, start) is not None
    if start < m_end:
        return m_start - end <= _NAMED_BEFORE and not _DESCRIBING.fullmatch(text, end, m_start)
    return start - m_end <= _NAMED_AFTER


def _described_head(description: str) -> str | None:
    """The noun a description of someone ends on: "special prosecutor Oppal appointed" →
    "prosecutor"."""
    words = re.findall(r"[\w'’-]+", description)
    if not words:
        return None
    head = words[0]
    for word in words[1:]:
        if _DESCRIPTION_END.match(word) or (word[0].isupper() and not head[0].isupper()):
            break  # a name after a noun starts a clause: "the prosecutor Oppal appointed"
        head = word
    return head.removesuffix("'s").removesuffix("’s").lower()


def _names_another(question: str, sentence: str) -> bool:
    """Whether the sentence names another thing of the kind the question names ("the Tarrawong
    fire destroyed a dozen homes", asked about the Bellbrook Ridge fire) and not the one asked
    about: what it says is of that other one. The thing may be named by another word for it
    ("the Tarrawong fire", asked about the Bellbrook Ridge blaze)."""
    for asked in _NAMED_THING.finditer(question):
        name, thing = re.sub(r"['’]s?$", "", asked["name"].strip()), asked["thing"]
        if name in sentence:
            continue
        others = [
            found[1]
            for found in _NAMED_THING.finditer(f" {sentence}")
            if _same_thing(found["thing"], thing) and not _in_compound(found.string[found.end() :])
        ]
        named = [" ".join(w for w in o.split() if w.lower() not in STOPWORDS) for o in others]
        if any(other and other != name for other in named):
            return True
    return _places_another(question, sentence) or _sized_another(question, sentence)


# A figure with its unit that tells one model or version from another: "the 15-inch MacBook
# Pro", "the 2.7 GHz version", "against the dollar" (the mark's move against one currency).
_SIZED = re.compile(r"\b(\d+(?:\.\d+)?)\s*-?\s*(inch|GHz|MHz|GB|TB|MP|mAh|litre|cc)\b", re.I)
_AGAINST = re.compile(r"\bagainst the (dollar|euro|pound|yen|franc|yuan|rouble|mark)\b", re.I)


def _sized_another(question: str, sentence: str) -> bool:
    """Whether the question tells the thing asked about by a figure and its unit, or a move
    against one currency, and the sentence gives only another: "the 17-inch MacBook Pro" is
    not the 15-inch one, nor "weakened 0.6 per cent against the euro" the move against the
    dollar."""
    for number, unit in _SIZED.findall(question):
        sizes = [n for n, u in _SIZED.findall(sentence) if u.lower() == unit.lower()]
        if sizes and number not in sizes:
            return True
    asked = {currency.lower() for currency in _AGAINST.findall(question)}
    said = {currency.lower() for currency in _AGAINST.findall(sentence)}
    return bool(asked and said) and not asked & said


# A thing and the place or the body it is of: "prices in Calderwick", "the population of
# Ardle", "Shares in Nordbygg" (opening a sentence).
_THING_IN_PLACE = re.compile(r"\b(?P<thing>[A-Za-z][a-z]{2,}) (?:in|at|of) (?P<name>[A-Z][\w'’-]+)")


def _places_another(question: str, sentence: str) -> bool:
    """Whether the sentence gives the thing asked about for another place ("prices in Kestrin
    down about 6%", asked about prices in Calderwick), never naming the one asked about."""
    for asked in _THING_IN_PLACE.finditer(question):
        if asked["name"] in sentence:
            continue
        thing = set(concepts(asked["thing"]))
        if any(
            found["name"] != asked["name"] and thing.intersection(concepts(found["thing"]))
            for found in _THING_IN_PLACE.finditer(sentence)
        ):
            return True
    return False


def _same_thing(word: str, thing: str) -> bool:
    """The word itself, or another word for it ("fire" for "blaze"), but not another form of
    it, which may be a verb ("New Orleans plays at Seattle" names no other game)."""
    if word == thing:
        return True
    return word[:3] != thing[:3] and bool(set(concepts(word)) & set(concepts(thing)))


def _in_compound(after: str) -> bool:
    """Whether the thing a name went with modifies the noun after it, which is then what the
    name names: "the New South Wales fire service" is no fire. The next word tells them apart:
    a function word or a verb's ending ("fire has", "fire destroyed", "fire burns") leaves the
    thing as what the name names."""
    following = re.match(r" ([a-z]+)\b", after)
    if following is None:
        return False
    word = following[1]
    return word not in STOPWORDS and not word.endswith(("ed", "s"))


def _full_name_said(name: str, said: set[str]) -> bool:
    """Whether each word of a name of two words or more is said, as itself or as a word made
    from it ("South Sudanese" in "South Sudan"). A word that means nothing alone ("It" of the
    Fix It) is not looked for."""
    return all(_named_in(word, said) for word in name.split() if concepts(word))


def _full_name_meant(name: str, text: str, said: set[str], context: str) -> bool:
    """Whether a text speaks of a name of two words or more: by saying it, by "the" and its
    last word, or, with the name in the reader's view, by naming no other ("Her father later
    sent a message", Alan Moreby named just before), or by its initials."""
    if _full_name_said(name, said) or _referred_to(name, text, context) or _by_initials(name, text):
        return True
    in_view = bool(context) and _full_name_said(name, set(concepts(context)))
    return in_view and not _names_someone(text)


def _names_someone(text: str) -> bool:
    """Whether a text holds a name of two words or more, not counting the capitalised words
    that open a headline or a sentence ("Second Australian bushfire in days", "...near
    Cooringa" read before "The fire had burned"); "Vessland First" is a name."""
    for match in _FULL_ASKED_NAME.finditer(f" {text}"):
        words = match[0].split()
        while words and _OPENING_WORD.fullmatch(words[0]):
            words = words[1:]
        while words and words[-1].lower() in STOPWORDS:
            words = words[:-1]
        if len(words) >= 2:
            return True
    return False


def full_names_of(text: str, earlier: Sequence[str]) -> list[str]:
    """The full names given in earlier sentences of the people a text calls by their surname
    alone: news names someone in full once ("party leader Aron Pelt"), then as "Pelt". A
    surname after another name ("Birgit Halvorsen") is that other person's."""
    alone = {
        m[0]
        for m in _CAPITALISED.finditer(text)
        if m[0].lower() not in STOPWORDS
        and not _AFTER_A_NAME.search(text, max(0, m.start() - _NAME_REACH), m.start())
    }
    return [
        name
        for sentence in earlier
        if any(surname in sentence for surname in alone)
        for name in _FULL_ASKED_NAME.findall(f" {sentence}")
        if name.split()[-1] in alone
    ]


_CAPITALISED = re.compile(r"\b[A-Z][a-z][\w'’-]*")
# A capitalised word just before another ("Birgit" before "Halvorsen"), within this reach.
_AFTER_A_NAME = re.compile(r"\b[A-Z][\w'’.-]*\s+$")
_NAME_REACH = 40


def _referred_to(name: str, text: str, context: str) -> bool:
    """Whether a text refers by "the" and its last word to a name the reader has in view: "the
    society's head of lending", Calderwick Building Society named just before."""
    last = re.sub(r"['’]s?$", "", name.split()[-1])
    if re.fullmatch(_NOT_A_HEAD, last, re.I):
        return False  # "the first time" says nothing of Vessland First
    said = re.search(rf"\bthe {re.escape(last)}\b", text, re.I) is not None
    return said and _full_name_said(name, set(concepts(context)))


def _by_initials(name: str, text: str) -> bool:
    """Whether a text calls a name by the acronym of its capitals: "ARI chief executive Dana
    Kovacs" speaks of Arvenian Rail Infrastructure (news spells a name out once, then uses its
    initials)."""
    return any(
        re.fullmatch(spelled_out_pattern(acronym), name) for acronym in set(_ACRONYM.findall(text))
    )


def _spelled_out(name: str, text: str) -> bool:
    """Whether an acronym the question uses is spelled out in the text by the capitals of a
    name ("OSCE" in "the Organization for Security and Cooperation in Europe", "AMA's" as
    "AMA") or by its letters with full stops ("U. S.")."""
    name = re.sub(r"['’]s?$", "", name)
    if not name.isupper() or not 2 <= len(name) <= _ACRONYM_MAX:
        return False
    dotted = r"\.\s?".join(name)  # "U. S." or "U.S." for "US"
    return re.search(rf"\b(?:{spelled_out_pattern(name)}\b|{dotted}\.)", text) is not None


# Places and their peoples named by words that do not start alike ("Greece's prime minister"
# in a report on "the Greek government").
_DEMONYM_GROUPS = (
    "greece greek", "france french", "spain spanish spaniard", "britain british briton",
    "netherlands dutch", "holland dutch", "wales welsh", "switzerland swiss",
    "sweden swedish swede", "denmark danish dane", "finland finnish finn", "poland polish",
    "turkey turkish", "ireland irish", "scotland scottish scot", "england english",
    "china chinese", "portugal portuguese", "thailand thai", "philippines filipino",
)  # fmt: skip
_DEMONYMS = {
    stem: {other for word in group.split() for other in concepts(word)}
    for group in _DEMONYM_GROUPS
    for word in group.split()
    for stem in concepts(word)
}


def _named_in(name: str, known: set[str]) -> bool:
    """Whether a one-word name is among these concepts, as itself or as a word made from it
    ("Arvenia" in "Arvenian", "Greece" in "Greek")."""
    stems = set(concepts(name))
    stems |= {other for stem in stems for other in _DEMONYMS.get(stem, ())}
    return any(
        word.startswith(stem) or stem.startswith(word)
        for stem in stems
        for word in known
        if min(len(word), len(stem)) >= 4
    ) or bool(known & stems)


_COUNTED = re.compile(
    r"\bhow many (?:more |other |new )?(?P<noun>[a-z][a-z-]+)(?:\s+(?P<next>[a-z][a-z-]+))?", re.I
)
# "How many of the jurors were women?": what is counted among them, after the verb.
_COUNTED_AMONG = re.compile(
    r"\bhow many of (?:the |them |those |these )?(?:[\w'’-]+ ){0,3}?(?:were|are) "
    r"(?P<noun>[a-z]+)\W*$",
    re.I,
)
# A word in the plural: the counted thing when it follows the first ("how many fire engines").
_PLURAL = re.compile(r"[a-z]{2,}(?<!s|u|i)s$|[a-z]*(?:people|men|children|women)$", re.I)


# What follows "how many" when it counts no noun: "of", "times", a verb.
_NOT_COUNTED = re.compile(r"of|times|[a-z]+ed|are|were|is|was|have|has|had|did|do|does|will", re.I)


def counted(question: str) -> str | None:
    """What a "how many" question counts, as a concept ("vessels" → the concept of "ship")."""
    noun = counted_noun(question)
    found = concepts(noun) if noun else []
    return found[0] if found else None


# Figures written as words, for the patterns that find a figure ("twelve", "thirty").
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
)

# Last words of names that "the" before them does not make a name: ordinals, numbers, "new".
_NOT_A_HEAD = rf"{_NUMBER_WORDS}|first|second|third|fourth|fifth|last|next|new|old|\d+"
# A capitalised word that opens sentences, not names: "The", "Second".
_OPENING_WORD = re.compile(rf"{'|'.join(sorted(STOPWORDS))}|{_NOT_A_HEAD}", re.I)

# Units of measure as a "how many" question may count them ("How many hectares ...?"), each with
# the ways a figure is written in it, by what they measure. A measure, unlike a thing counted,
# has no paraphrase, only conversions: "15 kilometres" does not say how many hectares, "214 km"
# does say how many miles.
_MEASURES = {
    "area": {
        "hectare": r"hectares?|ha",
        "acre": r"acres?",
        "square": r"square (?:kilometres?|kilometers?|miles?|metres?|meters?|feet)|"
        r"sq\.? ?(?:km|mi|m|ft)|km2|km²",
    },
    "length": {
        "kilometre": r"kilometres?|kilometers?|km",
        "metre": r"metres?|meters?|m",
        "centimetre": r"centimetres?|centimeters?|cm",
        "millimetre": r"millimetres?|millimeters?|mm",
        "mile": r"miles?",
        "yard": r"yards?|yds?",
        "foot": r"feet|foot|ft",
        "inch": r"inch(?:es)?",
    },
    "mass": {
        "tonne": r"tonnes?|tons?",
        "kilogram": r"kilograms?|kilos?|kg",
        "pound": r"pounds?|lbs?",
        "gram": r"grams?|g",
    },
    "speed": {
        "per hour": r"km/h|kph|mph|(?:kilometres?|kilometers?|miles?|km) (?:an|per) hour",
        "per second": r"m/s|(?:metres?|meters?|km|kilometres?|kilometers?|miles?) (?:a|per) second",
        "knot": r"knots?",
        # how fast prices rise or a fault slips, how fast a processor runs
        "rate": r"%|per ?cent|(?:[a-z]+ )?(?:a|an|per|each) (?:year|month|week|day|hour)"
        r"|(?:[a-z]+ ?)?/ ?(?:yr|year|hr|h|s)",
        "hertz": r"[kMG]Hz",
    },
    "temperature": {"degree": r"degrees?|°\s*[CF]?|C|F|Celsius|Fahrenheit"},
    "volume": {"litre": r"litres?|liters?", "gallon": r"gallons?", "barrel": r"barrels?"},
}
# A figure, or a word standing for one, whole: the "a" of "about" is none.
_FIGURE_WORD = rf"(?:\d[\d,.]*|(?:an?|{_NUMBER_WORDS}|hundreds?|thousands?|millions?|dozens?)\b)"
_IN_MEASURE = {
    dimension: re.compile(
        rf"(?:\b|(?<=\d)){_FIGURE_WORD}[\s-]*(?:{'|'.join(units.values())})(?![\w/])", re.I
    )
    for dimension, units in _MEASURES.items()
} | {
    # "a magnitude-5.9 earthquake", "a 6.1 magnitude quake", "3.8 on the Richter scale".
    "magnitude": re.compile(
        r"\bmagnitude\W{0,3}(?:of\s+)?\d|\d\W{0,3}magnitude\b|\d\s*(?:on|by) the Richter\b", re.I
    ),
}
_IN_MEASURE["span"] = re.compile(
    rf"(?:{_IN_MEASURE['length'].pattern})(?![\s-]+(?:high|tall|deep|wide|thick)\b)", re.I
)
_IN_MEASURE["extent"] = re.compile(f"{_IN_MEASURE['length'].pattern}|{_LENGTH.pattern}", re.I)


# "How much" asked of what only a measure answers: land burned or flooded is an area, rain or
# snow that fell a depth ("How much rain do the crews need?" may be "three days of rain").
_MEASURED_AMOUNT = {
    "area": re.compile(r"\bhow much (?:land|ground|farmland|forest|bush|woodland)\b", re.I),
    "length": re.compile(
        r"\bhow much (?:rain|rainfall|snow|snowfall)\b.*\b(?:fell|fall|fallen|came down)\b", re.I
    ),
    # "How long will the new line be?": a line, a road or a tunnel is as long as a distance,
    # not "30 minutes' drive" nor "18 metres high".
    "span": re.compile(
        r"\bhow long\b(?: [\w'’-]+){0,4}? (?:line|railway|track|tunnel|bridge|viaduct|road|"
        r"route|runway|pipeline|cable|wall|fence|canal|motorway|highway|coastline|border)s?\b"
        r"(?!.*\b(?:been|take|took|last|stay|wait|for|since|ago|until|remain|continue|closed|"
        r"shut|open|down|out)\b)",
        re.I,
    ),
    # "How fast will the trains go?" is not answered by "85 minutes", "how heavy" by a height.
    "speed": re.compile(r"\bhow fast\b|\b(?:what|which|top) speeds?\b", re.I),
    "mass": re.compile(r"\bhow heavy\b|\bwhat (?:does|did|do|will) .*\bweigh\b", re.I),
    "temperature": re.compile(r"\bhow (?:hot|cold|warm)\b|\bwhat temperature\b", re.I),
    # "What was the magnitude of the Bam earthquake?" is not answered by its death toll.
    "magnitude": re.compile(r"\bmagnitude\b", re.I),
    # "How long will the new line be?": a length or a length of time, not "about half".
    "extent": _ASKS_EXTENT,
}


def measure_asked(question: str) -> str | None:
    """What a question measures when only a measure answers it: a "how many" question counting
    a unit ("How many hectares burned?": area), or "how much" of land or of fallen rain."""
    for dimension, asks in _MEASURED_AMOUNT.items():
        if asks.search(question):
            return dimension
    noun = counted_noun(question)
    if noun is None:
        return None
    return next(
        (
            dimension
            for dimension, units in _MEASURES.items()
            if any(re.fullmatch(forms, noun, re.I) for forms in units.values())
        ),
        None,
    )


def gives_measure(text: str, dimension: str) -> bool:
    """Whether a sentence gives a figure measuring ``dimension`` ("2,500 hectares", "3,000 ha",
    "a 32-yard run", "214 km" for miles)."""
    return bool(_IN_MEASURE[dimension].search(text))


# One of a thing, as a sentence counts it without a figure: "A firefighter was taken to
# hospital", "one cargo ship".
_ONE_OF = re.compile(r"\b(?P<one>[Aa]n?|[Oo]ne) (?P<word>[a-z-]+)(?: (?P<next>[a-z]+))?")


def one_as_a_figure(text: str, question: str) -> str:
    """The sentence with one of what a "how many" question counts written as a figure, when
    the question asks how many met an outcome, so that it is read as a count: "A firefighter
    was taken to hospital" as "1 firefighter was taken to hospital" for "How many firefighters
    ended up in hospital?". Not for a total: "a volunteer firefighter with the brigade" does
    not say how many volunteers the brigade has."""
    thing = counted(question)
    if thing is None or not _outcomes_asked(question):
        return text

    def figure(match: re.Match[str]) -> str:
        words = [match["word"], *([match["next"]] if match["next"] else [])]
        if not any(thing in concepts(word) for word in words):
            return match[0]
        return f"1{match[0][len(match['one']) :]}"

    return _ONE_OF.sub(figure, text)


def counted_noun(question: str) -> str | None:
    """The word a "how many" question counts, as the reader wrote it ("journeys"): the second
    word when it is a plural the first qualifies ("how many mobile users", "how many fire
    engines") or follows a participle ("how many water-bombing aircraft"). None when no noun
    follows: "how many died" or "how many times" is answered by "killed 230,000" or "twice",
    and "how many of the bombs" by "four exploded", which count no word of the question; "how
    many of the jurors were women" counts women."""
    among = _COUNTED_AMONG.search(question)
    if among and _PLURAL.fullmatch(among["noun"]):
        return among["noun"].lower()
    match = _COUNTED.search(question)
    if not match:
        return None
    following = (match["next"] or "").lower()
    plural = following not in STOPWORDS and _PLURAL.fullmatch(following) is not None
    if plural and match["noun"].lower().endswith("ed"):  # "how many registered voters"
        return following
    if _NOT_COUNTED.fullmatch(match["noun"]):
        return None
    modifier = match["noun"].lower().endswith("ing")  # "how many water-bombing aircraft"
    if following and following not in STOPWORDS and (modifier or plural):
        return following
    return match["noun"].lower()


@lru_cache(maxsize=20_000)
def counts(text: str, thing: str, alike: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence gives a number of `thing` ("31 cargo ships" for "vessels"), or of a
    unit in `alike`, the units close in meaning to the reader's word ("40 trips" for
    "journeys", found by `evidence.counting_units`). The unit is read in both numbers, as
    "how many" asks in the plural ("two cranes" is "crane", "thirty families" "family")."""
    if thing == _PEOPLE and _PEOPLE_COUNTED.search(text):
        return True
    return any(
        q.unit.lower() in alike or thing in _unit_concepts(q.unit)
        for q in facts.quantities(text)
        if q.unit
    )


_PEOPLE = concepts("people")[0]
# People counted without the word: "a population of 120,000", "some 2 million died".
_PEOPLE_COUNTED = re.compile(
    r"\bpopulation of (?:about |around |some |nearly |almost |roughly |more than |over )?\d"
    rf"|(?:\d|\b(?:{_NUMBER_WORDS}|hundreds|thousands|millions))[\d,.]*"
    r"(?:\s*(?:hundred|thousand|million|billion|mn|bn)\b)?\s+"
    r"(?:died|dead|perished|were killed|have been killed|had been killed|lost their lives)\b",
    re.I,
)


# A figure and the words after it, up to the end of its phrase: "2.8 million Vireo Mobile
# customers", "3.1mn current and former customers", "38 of the 81 seats", "a few hundred people".
_COUNTED_PHRASE = re.compile(
    rf"(?:\d[\d,.]*(?:mn|bn|m|k)?\b|\b(?:{_NUMBER_WORDS}|"
    r"hundred|thousand|million|billion|dozens?|hundreds|thousands)\b)"
    r"(?:\s+(?:hundred|thousand|million|billion)\b)?(?P<after>(?:\s+[\w'’-]+){1,4})",
    re.I,
)


def counted_in_phrase(text: str, thing: str, alike: frozenset[str] = frozenset()) -> bool:
    """Whether a figure is followed, within its phrase, by the word for what is counted: what
    comes between ("Vireo Mobile", "current and former", "of the 81") qualifies it."""
    for match in _COUNTED_PHRASE.finditer(text):
        words = [w.lower() for w in match["after"].split()]
        if alike.intersection(words) or any(thing in _unit_concepts(w) for w in words):
            return True
    return False


# What something has, with its figure ("Vireo, which has about 4.2mn mobile subscribers", "a
# country of 9.4 million people"): its size, not a number an event touched. Not "with": "with
# about 2,400 dockworkers refusing to cross picket lines" is the event's own count.
_HOLDING = re.compile(
    r"\b(?:has|have|(?:country|nation|city|town|village|island|region|province|state) of)\s+"
    r"(?:(?:about|around|some|roughly|nearly|almost|approximately|over|under|more than|"
    rf"fewer than|less than)\s+)?(?:\S*\d\S*|(?:{_NUMBER_WORDS}|hundreds|thousands)\b)"
    r"(?:\s+[\w'’-]+){0,4}",
    re.I,
)
# A question asking what something has: "How many stores does the chain have?"
_ASKS_HOLDING = re.compile(r"\b(?:have|has|own|owns)\s*\??\s*$", re.I)


def without_holdings(text: str, question: str) -> str:
    """The sentence without the figures of what something has, unless the question asks what
    something has: to "How many customers had their details stolen?", "Vireo, which has about
    4.2mn mobile subscribers" gives the operator's size, not its version of the count."""
    return text if _ASKS_HOLDING.search(question) else _HOLDING.sub(" ", text)


def _unit_concepts(unit: str) -> set[str]:
    """The concept of a unit read as written and in the plural ("family", "families")."""
    plural = f"{unit[:-1]}ies" if unit.endswith("y") else f"{unit}s"
    return {found[0] for form in (unit, plural) if (found := concepts(form))}


# A name or a figure: the ones a question gives (past its first word) are not its answer.
_NAME_OR_FIGURE = re.compile(r"\b[A-Z][\w-]*|\d[\d,.]*\d|\d")


@lru_cache(maxsize=20_000)
def fit(answer_kind: Kind, text: str, miss: float, question: str = "") -> float:
    """1 for a sentence stating the kind of detail the question asks for, `miss` for one
    without it, and in between for one with a broader kind (a figure, for a price). Names and
    figures the question already gives do not count: "Vireo" does not answer "Who is Vireo's
    boss?"."""
    if answer_kind in ("other", "agent", "place") and _which_left_unnamed(text, question):
        return miss
    if _said_unknown(text, question) and not yes_or_no(question):
        return miss
    if _ASKS_INJURY.search(question) and not _INJURY.search(text):
        return miss
    if _outcome_of_anyone_unsaid(text, question):
        return miss
    if answer_kind == "place" and _place_unsaid(text, question):
        return miss
    if answer_kind == "place" and _HURT.search(question) and _BODY_PART.search(text):
        return 1.0
    if answer_kind == "agent" and (
        _whose_name_unsaid(text, question) or _deed_unsaid(text, question)
    ):
        return miss
    if answer_kind == "age" and (
        _possessor_age_only(text, question)
        or _past_age_only(text, question)
        or _relatives_age_only(text, question)
    ):
        return miss
    if answer_kind in ("agent", "cause") and _done_by_asked(answer_kind, text, question):
        return 1.0
    if answer_kind in _NAMED:
        return 1.0 if slots(answer_kind, text, question) else miss
    given = {m[0].lower() for m in _NAME_OR_FIGURE.finditer(question.strip()) if m.start()}
    if given:
        text = _NAME_OR_FIGURE.sub(lambda m: "it" if m[0].lower() in given else m[0], text)
    if answer_kind == "time" and (
        _past_or_coming_only(text, question) or _coarser_than_asked(text, question)
    ):
        return miss
    if answer_kind == "time" and _ASKS_SINCE_WHEN.search(question) and _SINCE.search(text):
        return 1.0
    if answer_kind == "time":
        text = _FIGURE_PERIOD.sub(" ", text)
    if answer_kind == "count":
        text = one_as_a_figure(text, question)
    if answer_kind in ("count", "money") and not _EVIDENCE[answer_kind](_NO_AMOUNT.sub(" ", text)):
        return miss
    if answer_kind == "count" and _ASKS_SCORE.search(question) and not _SCORE.search(text):
        return miss
    if _ASKS_PENALTY.search(question) and not _PENALTY.search(text):
        return miss
    if answer_kind == "count" and (
        _counted_for_another(text, question)
        or _among_unsaid(text, question)
        or _outcome_unsaid(text, question)
        or _only_measures(text, question)
        or _measure_unsaid(text, question)
        or _only_money(text, question)
    ):
        return miss
    if answer_kind in _FIGURES and (_rate_unsaid(text, question) or _before_unsaid(text, question)):
        return miss
    if answer_kind in ("count", "money") and (
        _offer_unsaid(text, question) or _change_unsaid(text, question)
    ):
        return miss
    if (answer_kind == "money" or _ASKS_NAMED_FIGURE.match(question)) and _money_thing_unsaid(
        text, question
    ):
        return miss
    if answer_kind == "money" and (_sum_unsaid(text, question) or _only_per_period(text, question)):
        return miss
    if answer_kind == "duration" and _ASKS_ELAPSED.search(question) and _ELAPSED.search(text):
        return 1.0
    if answer_kind == "duration" and _ASKS_HOW_LONG_SO.search(question) and _AGO.search(text):
        return 1.0
    if answer_kind == "measure" and _STRENGTH.search(question) and _MAGNITUDE.search(text):
        return 1.0
    if answer_kind == "measure" and not _FAR.search(question) and not _MEASURED.search(text):
        return miss
    if answer_kind == "measure" and _only_bearings(text, question):
        return miss
    if _EVIDENCE[answer_kind](text):
        return 1.0
    broader = _BROADER.get(answer_kind)
    if broader and _EVIDENCE[broader](text):
        return (1.0 + miss) / 2
    return miss


# "Who called the police?": whoever did what the question's verb says, which a sentence may say
# in the passive without a name ("Police were called by neighbours").
_ASKS_DOER = re.compile(
    r"^\s*who\s+(?!(?:is|are|was|were|will|would|has|have|had|did|does|do|can|could|should|"
    r"may|might|must)\b)(?P<verb>[a-z]+)\b",
    re.I,
)
_DONE_BY = re.compile(
    r"\b(?P<verb>[a-z]+)\s+by\s+(?:the |a |an |its |his |her |their |local |some )?"
    r"(?P<doer>[a-z][\w'’-]+)"
)


# Deeds whose doer a sentence names only by saying the deed or the doer's role: "Who directed
# the film?" is not answered by the film's star, nor "Who owns the warehouse?" by the city clerk.
_DEEDS = (
    (re.compile(r"direct(?:s|ed)?"), r"direct"),
    (re.compile(r"own(?:s|ed)?"), r"own"),
    (re.compile(r"referee[sd]?"), r"refere"),
    (re.compile(r"coach(?:es|ed)?|manage[sd]?"), r"coach|manag"),
    (re.compile(r"chair(?:s|ed)?"), r"chair"),
    (re.compile(r"founded|founds"), r"found|set up|established|started|created"),
)


def _deed_unsaid(text: str, question: str) -> bool:
    """Whether a question asks who did one of `_DEEDS` and the sentence says neither the deed
    nor the role of whoever does it."""
    asked = _ASKS_DOER.search(question)
    if asked is None:
        return False
    verb = asked["verb"].lower()
    said = next((said for form, said in _DEEDS if form.fullmatch(verb)), None)
    return said is not None and re.search(rf"\b(?:{said})", text, re.I) is None


def _done_by_asked(answer_kind: Kind, text: str, question: str) -> bool:
    """Whether a sentence says in the passive who did what the question asks about ("Who
    called the police?": "Police were called by neighbours") or by what it came about ("Why
    might the fire have started?": "started by a power line"), by no one the question names."""
    words = set(concepts(question))
    if answer_kind == "agent":
        asked = _ASKS_DOER.search(question)
        if asked is None:
            return False
        words_done = set(concepts(asked["verb"]))
    else:
        words_done = words
    return any(
        words_done & set(concepts(m["verb"])) and not words & set(concepts(m["doer"]))
        for m in _DONE_BY.finditer(text)
    )


# A question about what is to come ("When will the fire be under control?") and one about what
# happened ("When was the probe launched?"); a time said, in its clause, to be past ("earlier in
# the week", "suffered flooding in 2014") or to come ("early next year", "is due in January").
_ASKS_FUTURE = re.compile(r"\b(?:will|shall|going to|expect\w*|due|scheduled|next|should)\b", re.I)
_ASKS_PAST = re.compile(r"\b(?:did|was|were|had)\b", re.I)
_COMING_TIME = re.compile(
    r"\b(?:will|would|shall|should|could|may|might|can|next|tomorrow|upcoming|from now|"
    r"coming (?:days?|weeks?|months?|years?|decades?|season|weekend|winter|spring|summer)|"
    r"scheduled|(?:expect|hop|plan|aim|intend)\w* (?:\w+ ){0,2}?to|due (?:to|in|on|by|at)|"
    # A date fixed for what is to come, though said in the past: "was set for October 28".
    r"set for|slated|booked|pencill?ed in|provisional)\b",
    re.I,
)
# "May" inside a sentence, capitalised: the month.
_MONTH_MAY = re.compile(r"(?<=[a-z,] )May\b")
_PAST_TIME = re.compile(
    r"\b(?:was|were|had|did|ago|yesterday|earlier|last|since|previous\w*|former\w*|"
    r"went|came|took|made|said|left|began|broke|fell|rose|won|lost|told|saw|gave|got|ran|"
    r"sent|struck|hit|met|paid|sold|built|held|found|led|kept|brought|fought|caught|shot|"
    r"spent|stood|wrote|[a-z]{2,}ed)\b",
    re.I,
)
_TENSE = re.compile(rf"{_COMING_TIME.pattern}|{_PAST_TIME.pattern}", re.I)
# Where a time's clause ends: its tense is read within it.
_TIME_CLAUSE = re.compile(r"[,;:()—–]|\s(?:and|but|while|which|after|before|when|until)\s")


# The period a figure covers ("risen about 40 per cent this year", "revenue of 236mn marks last
# year"): not when something happened.
_FIGURE_PERIOD = re.compile(
    r"(?<=\d)(?:\s*(?:per ?cent|%|mn|bn|m|k|million|billion|[a-z]+)){0,3}"
    r"\s+(?:this|last|next|a|per) (?:year|month|week|quarter|day)\b",
    re.I,
)


def _past_or_coming_only(text: str, question: str) -> bool:
    """Whether every time a sentence gives lies on the other side of now from the one a question
    asks about: "earlier in the week" does not say when the fire will be under control, nor
    "early next year" when the probe was launched. A time whose clause says neither can be
    either, and a clause saying both ("had hoped to finish by May") is taken as to come."""
    future = bool(_ASKS_FUTURE.search(question)) and not _ASKS_PAST.search(question)
    past = bool(_ASKS_PAST.search(question)) and not _ASKS_FUTURE.search(question)
    if not (future or past):
        return False
    found = [m.span() for pattern in _SLOTS["time"] for m in pattern.finditer(text)]
    # The month is no "may": "in May 2005" says nothing to come.
    unmodal = _MONTH_MAY.sub("   ", text)
    sides = [_side_of_now(unmodal, start, end) for start, end in found]
    wrong = "past" if future else "coming"
    return bool(sides) and all(side == wrong for side in sides)


# "In what year…" is answered by a year, "At what time…" by a time of day; "since the summer"
# and "on Tuesday" are not.
_MONTH = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)
_GRAINS = (
    (re.compile(r"\b(?:what|which) year\b", re.I), _YEAR),
    (re.compile(r"\b(?:what|which) month\b", re.I), re.compile(_MONTH)),
    # "On what day were the cables cut?": a date or a day, not "after the storm" nor a month
    # alone ("a November release").
    (
        re.compile(r"\b(?:what|which) (?:day|date)\b", re.I),
        re.compile(
            rf"{_MONTH}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}"
            r"|\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b|\b\d{1,2}(?:st|nd|rd|th)\b"
            r"|\b\d{1,2}/\d{1,2}\b|\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)\b"
            r"|\b(?:same|next|following|previous) day\b|\b[Dd]ay (?:before|after)\b"
            r"|\b(?:Christmas|Easter|New Year)"
        ),
    ),
    (
        re.compile(r"\bwhat time\b", re.I),
        re.compile(
            r"\d\s*(?:a\.?\s*m\b|p\.?\s*m\b)|\d{1,2}\s*:\s*\d{2}|\b(?:noon|midday|midnight|"
            r"o'clock|dawn|daybreak|sunrise|sunset|dusk|overnight|(?:early|small|wee) hours|"
            r"(?:late )?at night)\b|\b(?:twenty|quarter|half|ten|five) (?:past|to)\b",
            re.I,
        ),
    ),
)


def _coarser_than_asked(text: str, question: str) -> bool:
    """Whether a question asks for a year or a time of day and the sentence gives none."""
    return any(asks.search(question) and not gives.search(text) for asks, gives in _GRAINS)


def _side_of_now(text: str, start: int, end: int) -> str:
    """ "past", "coming" or "" for a time at these offsets, by the words of its clause."""
    breaks = [m.span() for m in _TIME_CLAUSE.finditer(text)]
    clause_start = max((b for _, b in breaks if b <= start), default=0)
    clause_end = min((a for a, _ in breaks if a >= end), default=len(text))
    clause = text[clause_start:clause_end]
    if clause_start == 0 and not _TENSE.search(clause):
        # A time opening the sentence ("In July, the court overturned ...") is read with the
        # clause it introduces.
        following = [a for a, _ in breaks if a > clause_end]
        clause = text[: following[0] if following else len(text)]
    if _COMING_TIME.search(clause):
        return "coming"
    return "past" if _PAST_TIME.search(clause) else ""


# What a count of people or homes can be a count of, as readers ask ("How many people died?"):
# each with the words saying it. A figure counts one only said with one of them in its clause.
_OUTCOMES: dict[str, frozenset[str]] = {
    concept: frozenset(said)
    for concept, said in (
        ("kill", ("kill", "death", "casualt")),
        ("death", ("kill", "death", "casualt")),
        ("injur", ("injur", "casualt", "hospital")),
        ("arrest", ("arrest", "detain")),
        ("evacuat", ("evacuat", "leav")),
        ("leav", ("leav", "evacuat")),
        ("rescu", ("rescu",)),
        ("destroy", ("destroy", "raz", "flatten", "gutt")),
        ("damag", ("damag", "destroy")),
        ("miss", ("miss",)),
        ("flooded", ("riv", "inundat", "submerg", "underwat")),
    )
}
# Kinds answered by a figure.
_FIGURES: frozenset[Kind] = frozenset({"count", "money", "share", "measure"})
# A figure asked for each period ("How much is the strike costing each day?") is said for that
# period: "a day", "per week", "daily", "annual".
# "In a day" asks how much within one ("How much rain fell in a day?"), not for each.
_ASKS_RATE = re.compile(r"(?<!\bin )\b(?:each|every|per|a|an) (hour|day|week|month|year)\b", re.I)
_RATE_SAID = {
    "hour": r"\b(?:an|per|each|every|a) hour\b|\bhourly\b",
    "day": r"\b(?:a|per|each|every) day\b|\bdaily\b|\bper diem\b",
    "week": r"\b(?:a|per|each|every) week\b|\bweekly\b",
    "month": r"\b(?:a|per|each|every) month\b|\bmonthly\b",
    "year": r"\b(?:a|per|each|every) year\b|\b(?:yearly|annual|annually|per annum)\b",
}
# A figure asked for before the event the article reports ("How many seats did the Greens hold
# before the vote?") is said as what it was: "up from 26", "at the previous election".
_ASKS_BEFORE = re.compile(
    r"\bbefore (?:the|this|these|that) (?:\w+ )?(?:vote|election|poll|cut|move|rise|change|"
    r"decision|announcement|deal|merger)\b"
    r"|\b(?:previous|prior)\b|\bat the last\b|\bin the last (?:vote|election|poll)\b",
    re.I,
)
_BEFORE_SAID = re.compile(
    r"\b(?:previous(?:ly)?|prior|before|last|earlier|ago|former|up from|down from|from \d|"
    r"compared with|compared to|had been|used to|once|unchanged|keep|kept|leave|left)\b",
    re.I,
)


def _rate_unsaid(text: str, question: str) -> bool:
    """Whether a question asks a figure for each period and the sentence gives none for it."""
    asked = _ASKS_RATE.search(question)
    return asked is not None and not re.search(_RATE_SAID[asked[1].lower()], text, re.I)


# Sums of money that come again and again, which a figure for each period answers: wages, a
# budget, revenue, a repayment.
_RECURRING = re.compile(
    r"\b(?:wages?|salar\w*|rent|budgets?|income|earn\w*|revenues?|turnover|profits?|sales|"
    r"annual|yearly|monthly|weekly|per|interest|repayments?|payments?|savings?|subscriptions?)\b",
    re.I,
)
_FOR_EACH_PERIOD = re.compile(
    r"\s*(?:(?:a|per|each|every) (?:hour|day|week|month|year)|annually|monthly|weekly)\b", re.I
)


def _only_per_period(text: str, question: str) -> bool:
    """Whether a question asks for a sum once (a cost, a price paid) and each sum of the
    sentence is one for each period: "a budget of around 180 million euros a year" does not
    say what a mission cost, nor "25 and 30 marks a month" what a mortgage costs."""
    if _ASKS_RATE.search(question) or _RECURRING.search(question):
        return False
    sums = [q for q in facts.quantities(text) if _MONEY.search(q.span)]
    return bool(sums) and all(
        _FOR_EACH_PERIOD.match(text, text.find(q.span) + len(q.span)) for q in sums
    )


def _before_unsaid(text: str, question: str) -> bool:
    """Whether a question asks what a figure was before the event, and the sentence does not
    speak of an earlier time."""
    return bool(_ASKS_BEFORE.search(question)) and not _BEFORE_SAID.search(text)


# "Left without power", "left stranded": a state people are left in, not their leaving.
_LEFT_IN_A_STATE = re.compile(
    r"\b(?:left|leaves|leaving)\s+(?:without|with|behind|stranded|alone|in)\b"
    # "leaving out fuel and groceries": excluding them
    r"|\b(?:leave|left|leaves|leaving)\s+out\b"
    # "How many pickets were left by midnight?": still there, not gone
    r"|\b(?:was|were|is|are|be|been)\s+left(?=\s*(?:[?]|$|(?:by|at|on|after|when|before)\b))",
    re.I,
)
# Phrases that ask for an outcome in other words: "How many people lost their lives?" asks how
# many died, "How many firefighters ended up in hospital?" how many were hurt.
_OUTCOME_PHRASES = (
    (re.compile(r"\b(?:lost|lose|losing) (?:their|his|her|its) li(?:fe|ves)\b", re.I), "death"),
    (
        re.compile(
            r"\b(?:ended up|were|was|are|is|been|taken|admitted|rushed|flown|treated) "
            r"(?:in|to|at) (?:a |the )?hospital\b|\bhospitali[sz]ed\b",
            re.I,
        ),
        "injur",
    ),
    # "How many homes were flooded?" asks what the water reached, not "power was cut to some
    # 3,400 homes" ("flood" alone is the river's word: "driven out by the flooding").
    (
        re.compile(
            r"\b(?:were|was|been|got|are|is) (?:flooded|inundated|submerged)\b|\bunder ?water\b",
            re.I,
        ),
        "flooded",
    ),
)
# Where a figure's clause ends (not at "and": "ten were killed and 50 injured").
_FIGURE_CLAUSE = re.compile(r"[;:()—–]|,\s|\s(?:but|while|which|who|after|before|when|as)\s")
# A clause opening on its verb, its subject said before an aside.
_PREDICATE_FIRST = re.compile(r"\s*(?:was|were|is|are|has|had|have|will|would|stood|stands)\b")


def _counted_for_another(text: str, question: str) -> bool:
    """Whether a "how many" question names whose count it asks ("How many seats did Vessland
    First win?") and each figure of the sentence is said in a clause naming someone else and
    not them: "The Green League was on course for nine seats, with the remainder split between
    Vessland First and independents". A place the clause names is where, not whose: "800
    people were evacuated from Cooringa" is the Bellbrook Ridge fire's count."""
    if not re.match(r"\s*how many\b", question, re.I):
        return False
    asked = [re.sub(r"['’]s?$", "", name) for name in _asked_full_names(question)]
    if not asked:
        return False
    clauses = _figure_clauses(text)
    return bool(clauses) and all(
        not any(name in clause for name in asked) and _names_someone(_WHERE_NAMED.sub(" ", clause))
        for clause in clauses
    )


# A name after a preposition of place: "from Cooringa", "in New South Wales".
_WHERE_NAMED = re.compile(
    r"\b(?:in|at|on|near|from|of|into|across|around)\s+(?:the\s+)?[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+)*"
)


def _outcome_unsaid(text: str, question: str) -> bool:
    """Whether a "how many" question asks how many were killed, hurt, arrested, evacuated, left,
    rescued, destroyed, damaged or missing, and no figure of the sentence is said with it:
    "2,000 sheep in a horse float" does not say how many sheep were killed, nor "forcing 1,500
    people from their homes" how many died, though each counts what the question counts."""
    said = _outcomes_asked(question)
    return bool(said) and not _said_with_a_figure(text, said)


def _outcomes_asked(question: str) -> frozenset[str]:
    """The ways of saying the outcome a "how many" question asks about (killed, hurt, taken to
    hospital, ...); none for one that counts no outcome."""
    said = _ways_of_saying(_LEFT_IN_A_STATE.sub(" ", question), _OUTCOMES)
    for phrase, outcome in _OUTCOME_PHRASES:
        if phrase.search(question):
            said |= _OUTCOMES[outcome]
    return said


# A unit right after a figure: the figure measures a length, a sum, a share or a time, and
# counts no thing.
_UNIT_AFTER = re.compile(
    r"\s*-?\s*(?:mm|cm|km|m|ft|kg|mg|lbs?|oz|ml|C|F|mph|km/h|metres?|meters?|kilometres?|"
    r"kilometers?|miles?|feet|foot|inches|hectares?|acres?|degrees?|tonnes?|tons?|per ?cent|%|"
    r"percent|marks?|euros?|dollars?|pounds?|years?|months?|weeks?|"
    r"days?|hours?|minutes?|seconds?|a\.\s?m|p\.\s?m|am|pm)\b"
)


def _only_measures(text: str, question: str) -> bool:
    """Whether a "how many" question counts things ("How many houses were lost?") and every
    figure of the sentence measures something instead: "roughly 85 kilometres to the south"
    counts no houses."""
    thing = counted_noun(question)
    if thing is None or _UNIT_AFTER.fullmatch(f" {thing}"):
        return False
    figures = list(_FIGURE.finditer(text))
    return bool(figures) and all(_UNIT_AFTER.match(text, m.end()) for m in figures)


# Sums of money a question may ask about by name: only a figure said with that name answers
# ("between 25mn and 40mn marks" of lost profit is no insurance payout).
_MONEY_NAMES = (
    "payout ransom bonu bail budget profit revenu loan grant rent tax debt compensation "
    "reward pension dividend subsidy"
)
_MONEY_THINGS = {concept: frozenset({concept}) for concept in _MONEY_NAMES.split()} | {
    insured: frozenset({"insuranc", "insur"}) for insured in ("insuranc", "insur")
}


# Measures of an economy or a vote that a figure is named for ("the inflation rate", "the
# turnout"): a growth forecast or a seat count does not give them.
_NAMED_MEASURES = ("inflation", "unemployment jobless", "turnout", "growth", "gdp", "attendance")
# Each measure as a question names it (by its own words, not a synonym: the price of a phone is
# no inflation), and the concepts that say it in a sentence (prices are said of inflation).
_MEASURE_THINGS = {
    name: frozenset(concepts(words))
    for words in _NAMED_MEASURES
    for name in concepts(words, synonyms=False)
}


# "Which freight analytics firm tracked the ships?": the words naming what the reader asks
# to be told, up to the verb.
_WHICH = re.compile(r"^\s*(?:in |at |from |to |by |for |on )?which ((?:[a-z'’-]+ ){1,4})", re.I)
_WHICH_VERB = re.compile(
    r"(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|may|might|"
    r"[a-z]+ed|[a-z]+s)$"
)
# One not told apart from others of its kind: "a freight analytics firm", "several lines".
_INDEFINITE = re.compile(
    r"^(?:an?|one|several|some|another|other|rival|many|various|two|three|four)$", re.I
)
# How many words before the thing its article may stand; how far after the thing a name may
# tell which, and before the article a name it is said of ("the Enough Project, an advocacy
# group"; the sentence's first word is capitalised anyway).
_DESCRIBED_REACH = 4
_NAMED_REACH = 6
_APPOSED = 2
# What ends the reach of a name after the thing: the next sentence names another.
_SENTENCE_ENDS = frozenset(".!?;")


def _which_left_unnamed(text: str, question: str) -> bool:
    """Whether a "which" question asks which one of a kind and the sentence speaks of that
    kind only as one of many, naming none: "a freight analytics firm" does not say which firm,
    nor "a rocket" which rocket, though "a freight analytics firm, Kpler," and "a player between
    the ages of 12 and 23" do. A time asked for so ("In which month?") is answered by a time,
    not a name, and is not read here."""
    kinds = _which_kind(question)
    tokens = re.findall(r"[\w'’-]+|[.!?;]", text)
    mentions = [i for i, token in enumerate(tokens) if kinds.intersection(concepts(token))]
    given = {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", question)}
    return bool(mentions) and all(_one_of_many(tokens, i, given) for i in mentions)


def _which_kind(question: str) -> set[str]:
    """The concepts of the words after "which", up to the verb ("freight analytics firm")."""
    asked = _WHICH.search(question)
    words: list[str] = []
    for word in asked[1].split() if asked else []:
        if _WHICH_VERB.fullmatch(word) and words:
            break
        words.append(word)
    return set(concepts(" ".join(words))) - {"which"}


def _one_of_many(tokens: list[str], i: int, given: set[str]) -> bool:
    """Whether the word at ``i`` follows "a", "several"... with no name or figure telling
    which, after it or said of it just before ("the Enough Project, an advocacy group")."""
    articles = [j for j in range(max(0, i - _DESCRIBED_REACH), i) if _INDEFINITE.match(tokens[j])]
    if not articles:
        return False
    article = articles[-1]
    after = tokens[i + 1 : i + 1 + _NAMED_REACH]
    ends = [j for j, token in enumerate(after) if token in _SENTENCE_ENDS]
    near = tokens[max(1, article - _APPOSED) : article] + after[: ends[0] if ends else None]
    return not any((t[:1].isupper() or t[:1].isdigit()) and t.lower() not in given for t in near)


# "How many of the injured were police officers?": the part counted among a whole, after "were".
_AMONG = re.compile(
    r"\bhow many of (?:the |them |those |these |[\w'’-]+['’]s? )?(?:[\w'’-]+ ){0,4}?"
    r"(?:were|are|was|is|belong to|belonged to|come from|came from) "
    r"(?:(?:still|now|currently|already|also|ever|later|eventually) )?"
    r"(?P<part>(?!(?:the|a|an) (?-i:[A-Z]))(?-i:[a-z])[\w'’ -]*?)\W*$",
    re.I,
)


def _among_unsaid(text: str, question: str) -> bool:
    """Whether a question asks how many of a whole are of a part and the sentence never names
    the part: "Eight of the jurors were black" does not say how many were women, nor "the 288
    candidates" how many are women. A name after the verb is its subject,
    not the part ("How many of the children is Horton's mother raising?", "How many of the
    seats are the Social Democrats aiming to win?")."""
    among = _AMONG.search(question)
    if among is None:
        return False
    part = set(concepts(among["part"]))
    return bool(part) and not part <= set(concepts(text))


def _only_money(text: str, question: str) -> bool:
    """Whether a question asks how many of a thing that is no money and every figure of the
    sentence is a sum of money: "a budget of around 180 million euros" does not say how many
    people work at the agency."""
    noun = counted_noun(question)  # a noun only after "how many"
    if noun is None or _CURRENCY.search(noun):
        return False
    found = facts.quantities(text)
    return bool(found) and all(_CURRENCY.search(q.span) for q in found)


def _measure_unsaid(text: str, question: str) -> bool:
    """Whether a question asks for a figure by its measure's name (inflation, turnout) and the
    sentence never names it (anywhere: "Inflation, which measures how fast prices are rising,
    stood at 2.3 per cent")."""
    asked = (_MEASURE_THINGS[c] for c in concepts(question, synonyms=False) if c in _MEASURE_THINGS)
    said = frozenset().union(*asked)
    if not said:
        return False
    written = set(concepts(text))
    kinds = [words for kind, words in _MEASURE_KINDS.items() if kind.search(question)]
    return not said.intersection(written) or any(not words & written for words in kinds)


# A kind of a measure a question names, and the words that say it: core inflation (without
# food and energy) is not the consumer price index, nor services inflation core inflation.
_MEASURE_KINDS = {
    re.compile(r"\bcore (?:inflation|rate|prices)\b", re.I): frozenset(
        concepts("core underlying excluding strips")
    ),
    re.compile(r"\bservices? (?:inflation|prices)\b", re.I): frozenset(concepts("services")),
    re.compile(r"\byouth (?:unemployment|jobless)", re.I): frozenset(concepts("youth young")),
}


# A change or a part asked for ("By how much have prices fallen?", "How much of the money"),
# which a share answers as well as a sum.
_ASKS_CHANGE = re.compile(
    r"\bby how much\b|\bhow much (?:more|less|extra|of)\b"
    r"|\b(?:ris|rose|fall|fell|drop|grow|grew|increas|decreas|cut|jump|climb|"
    r"slip|slid|gain|lose|lost|come down|came down|go up|went up|went down|go down|shr[iu]nk|"
    r"soar|plung|tumbl|slump)\w*|\b(?:a|pay) (?:raise|rise)\b",
    re.I,
)
# "per cent" is no sum of money, though "cent" is.
_PER_CENT = re.compile(r"\bper ?cent\b", re.I)


def _sum_unsaid(text: str, question: str) -> bool:
    """Whether a question asks for a sum of money, not a change, and the sentence gives none:
    "About 60 per cent of the cost will be funded from the state budget" does not say how much
    money the bonds will raise."""
    asks_sum = bool(question) and not _ASKS_CHANGE.search(question)
    return asks_sum and not _MONEY.search(_PER_CENT.sub("", text))


_OFFER = frozenset(concepts("offer"))


def _offer_unsaid(text: str, question: str) -> bool:
    """Whether a question asks how much was offered or bid and no figure of the sentence is
    said with an offer: "The union wants a 9% pay increase, while the operator has offered
    less" does not say what the operator offered."""
    return bool(_OFFER & set(concepts(question))) and not _said_with_a_figure(text, _OFFER)


# "What profit did Vireo make?": a figure asked for by its name, the words after "what".
_ASKS_NAMED_FIGURE = re.compile(rf"^\s*what (?:[a-z-]+ )?(?:{_EARNINGS})\b", re.I)


def _money_thing_unsaid(text: str, question: str) -> bool:
    """Whether a question asks for a sum of money by name (a payout, a ransom, bail) and no
    figure of the sentence is said with that name."""
    said = _ways_of_saying(question, _MONEY_THINGS)
    return bool(said) and not _said_with_a_figure(text, said)


def _said_with_a_figure(text: str, said: frozenset[str]) -> bool:
    """Whether one of these concepts is in the clause of a figure of the sentence."""
    return any(said.intersection(concepts(clause)) for clause in _figure_clauses(text))


def _figure_clauses(text: str) -> list[str]:
    """The clause of each figure of a sentence. A clause opening on its verb is the predicate
    of the subject before an aside ("The company's last offer, tabled a fortnight ago, was
    5.5%"), read with that subject."""
    breaks = [(0, 0), *(m.span() for m in _FIGURE_CLAUSE.finditer(text)), (len(text), len(text))]
    clauses = []
    for figure in _FIGURE.finditer(text):
        start, end = figure.span()
        i = max(k for k, (_, b) in enumerate(breaks) if b <= start)
        clause = text[breaks[i][1] : min(a for a, _ in breaks if a >= end)]
        if i >= 2 and _PREDICATE_FIRST.match(clause):
            clause = f"{text[breaks[i - 2][1] : breaks[i - 1][0]]} {clause}"
        clauses.append(clause)
    return clauses


# A figure said as a change: "rose 7.2 per cent", "weakened 0.6 per cent", "down 4%".
_CHANGE_SAID = re.compile(
    rf"{_ASKS_CHANGE.pattern}|\b(?:weaken|strengthen)\w*"
    r"|\b(?:shed|added|adding|higher|lower|up|down|more|less|fewer|from)\b",
    re.I,
)


# "How much did Dataplan's shares fall?", "By how much did the mark move?"
_ASKS_RISE_OR_FALL = re.compile(
    r"^\s*(?:by )?how much (?:did|has|have|had|will|would|do|does)\b.*\b(?:rise|rose|risen|"
    r"fall|fell|fallen|drop|dropped|jump|jumped|climb|climbed|slip|slipped|slide|slid|gain|"
    r"gained|go up|went up|go down|went down|move|moved)\s*\??\s*$",
    re.I,
)


def _change_unsaid(text: str, question: str) -> bool:
    """Whether a question asks how much something rose or fell and no figure of the sentence
    is said as a change: "Estuary Port Holdings is 68 per cent owned by Halvard Capital" does
    not say how much its shares fell."""
    return _ASKS_RISE_OR_FALL.search(question) is not None and not any(
        _CHANGE_SAID.search(clause) for clause in _figure_clauses(text)
    )


def _ways_of_saying(question: str, table: dict[str, frozenset[str]]) -> frozenset[str]:
    """The concepts that say what a question asks happened, by this table (none: it asks for
    nothing in it)."""
    return frozenset().union(*(table[c] for c in concepts(question) if c in table))


# Where someone was born or something is based is only said with those words: "in Arvenian
# football" is not where a player was born, nor "in a cyber attack" where hackers are based.
_PLACE_PREDICATES: dict[str, frozenset[str]] = {
    "born": frozenset({"born", "birth", "nativ"}),
    "bas": frozenset({"bas", "headquarter", "headquart"}),
}
# Where people are sheltered ("Where are the residents being housed?") is said with where they
# stay, sleep or are given beds: not by "stay away from the river" or a briefing "in the town
# hall".
_ASKS_SHELTER = re.compile(r"\b(?:shelter\w*|housed|rehoused|put up|accommodated)\b", re.I)
_SHELTER_SAID = re.compile(
    r"\bshelter\w*|\baccommodat\w+|\b(?:re)?housed\b|\bbeds?\b|\bcamps?\b"
    r"|\b(?:stay|stayed|staying|stays|slept|sleeping|sleep|spent the night) "
    r"(?:at|in|with|overnight|on)\b"
    r"|\b(?:evacuation|relief|rest|reception|emergency) (?:centres?|centers?|points?|sites?)\b"
    r"|\b(?:community|village|sports|church|school|leisure|civic|parish|public|assembly) "
    r"(?:halls?|centres?|centers?|gyms?)\b"
    r"|\bhotels?\b|\brelatives\b|\bfriends and family\b|\btemporary (?:homes?|housing)\b",
    re.I,
)


# "On which street…", "Which hospital…": a place of that kind, which only a sentence naming one
# says ("Stadiou Avenue", "the Royal Infirmary"), not "As Athens burned".
_PLACE_KINDS = {
    "street": re.compile(
        r"\b(?:street|road|avenue|boulevard|lane|square|drive|highway|st|ave|rd|blvd|route|"
        r"interstate|freeway|motorway|expressway|turnpike|parkway|I-\d+)\b",
        re.I,
    ),
    "hospital": re.compile(
        r"\b(?:hospital|clinic|infirmary|medical|health|campus|A&E|ward|intensive care)", re.I
    ),
}
_PLACE_KINDS["road"] = _PLACE_KINDS["avenue"] = _PLACE_KINDS["street"]
_WHICH_PLACE = re.compile(
    rf"\b(?:which|what) (?:[\w'’-]+ )?(?P<kind>{'|'.join(_PLACE_KINDS)})\b", re.I
)


def _place_unsaid(text: str, question: str) -> bool:
    """Whether a "where" question asks where someone was born, something is based or people are
    sheltered, and the sentence does not say so."""
    if _ASKS_SHELTER.search(question) and not _SHELTER_SAID.search(text):
        return True
    kind_of_place = _WHICH_PLACE.search(question)
    if kind_of_place and not _PLACE_KINDS[kind_of_place["kind"].lower()].search(text):
        return True
    said = _ways_of_saying(question, _PLACE_PREDICATES)
    return bool(said) and not said.intersection(concepts(text))


# "How far" is answered by a time ("an hour away", "two hours' drive"); how high, deep, strong,
# fast or heavy only by a unit of measure or a share ("about 100 km above", "grew 0.9 per
# cent"), never by "four months ago" or "until recently".
_FAR = re.compile(r"\bhow far\b", re.I)
# "How strong was the quake?": a magnitude answers it, though it measures no length or weight
# (and says nothing of how deep the quake was).
_STRENGTH = re.compile(r"\bhow (?:strong|powerful)\b", re.I)
_MAGNITUDE = re.compile(r"\bmagnitude\b|\bRichter\b", re.I)
_MEASURED = re.compile(rf"{_MEASURE.pattern}|%|\bper ?cent\b|{_ONE_UNIT.pattern}", re.I)


# "How deep was the quake?", "How far below the surface ...?": a depth, not how far away.
_ASKS_DEPTH = re.compile(r"\bhow deep\b|\bhow far (?:below|beneath|under)|\bdepth\b", re.I)
# A length said as a bearing from a place, right after it: "about 58km (36 miles) south-west of
# Bandar Abbas".
_BEARING_AFTER = re.compile(
    r"\)?(?:\s*\([^)]{0,30}\))?\s*(?:(?:north|south|east|west)[\w\s-]{0,12}?\s+of|from|away)\b",
    re.I,
)


def _only_bearings(text: str, question: str) -> bool:
    """Whether a question asks how deep and every length the sentence gives is how far away
    something is: "58km south-west of Bandar Abbas" is where a quake was, not how deep."""
    if not _ASKS_DEPTH.search(question):
        return False
    lengths = list(_IN_MEASURE["length"].finditer(text))
    return bool(lengths) and all(_BEARING_AFTER.match(text, m.end()) for m in lengths)


def _has_quantity(text: str) -> bool:
    return bool(facts.quantities(text) or _QUANTITY_WORDS.search(text))


def _has_time(text: str) -> bool:
    return facts.mentions_time(text) or bool(_RELATIVE_TIME.search(text) or _CALENDAR.search(text))


def _has_agent(text: str) -> bool:
    return bool(_PERSON.search(text) or _AGENT.search(text))


# "What was the final score?": two figures, one for each side ("won 27-24", "beat them 3 to 1").
_ASKS_SCORE = re.compile(r"\bwhat (?:was|is|were) the (?:\w+ )?score\b", re.I)
_SCORE = re.compile(r"\b\d{1,3}\s*[-–]\s*\d{1,3}\b|\b\d{1,3} to \d{1,3}\b")
# "What sentence did Jeffs get?": a penalty, which a conviction or a trial does not give.
_ASKS_PENALTY = re.compile(
    r"\bwhat (?:\w+ )?(?:sentences?|punishment)\b|\bwhat range of sentences\b"
    r"|\bhow long is (?:\w+ )?(?:jail |prison )?sentence\b",
    re.I,
)
_PENALTY = re.compile(
    rf"\b(?:\d+|{_NUMBER_WORDS}|[a-z]+-(?:one|two|three|four|five|six|seven|eight|nine))"
    r"[\s-]+(?:years?|months?|weeks?|days?)\b(?![\s-]+old)"
    r"|\blife\b|\bdeath (?:sentence|penalty)\b|\bprobation\b|\bfined?\b|\bcommunity service\b",
    re.I,
)
# "Since when had the party governed?" is answered by what it has governed since ("since the
# financial crisis"), which gives no date.
_ASKS_SINCE_WHEN = re.compile(r"^\s*since when\b", re.I)
_SINCE = re.compile(r"\bsince (?:the|his|her|its|their) \w+", re.I)
# Figures that are no amount: a year ("since 2004", "the 2003 earthquake"), an age ("Ester
# Quaid, 71,"), a time of day ("at 1: 53 p. m.") or a model's name ("the Q10").
_NO_AMOUNT = re.compile(
    r"\b(?:1[5-9]|20)\d\d\b(?!\s*(?:%|per ?cent|[a-z]+s\b))"
    rf"|{_AGE.pattern}"
    r"|\b\d{1,2}\s*:\s*\d\d\b"
    rf"|\b(?!(?:{_CURRENCY_CODES})\d)[A-Za-z]+\d[\w-]*",
    _AGE.flags,
)


# A figure as prose writes it: digits, or a number word ("nine seats", "a dozen homes").
_FIGURE = re.compile(
    r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|billion|dozens?|hundreds|thousands|half|third|"
    r"quarter|fifth)\b",
    re.I,
)
_CALENDAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|spring|summer|autumn|"
    r"winter|Thanksgiving|Christmas|Easter|New Year's Day|Hanukkah|Ramadan|Eid)\b"
    r"|\b\d{1,2}(?:\s?:\s?\d{2})?\s*(?:a\.\s?m\.?|p\.\s?m\.?|am|pm)(?!\w)"
    r"|\b\d{1,2}\s?:\s?\d{2}\b"
)
# Where in a sentence the detail a question asks for can sit; "other" questions ask for no
# particular detail, so they have no slot.
# A one-word name within a sentence ("grid operator Westnet"), not a piece of a longer one: an
# organisation as often as a place.
# A name right after a preposition of place is a place ("in Kestrin", "near Aske Mill"), not
# who did something.
_MID_SENTENCE_NAME = re.compile(
    r"\b(?!(?:around|in|at|on|into|onto|near|over|under|across|through|towards?|outside|"
    r"inside)\b)[a-z][\w'’-]*,?\s(?P<slot>[A-Z][\w'’-]+)\b"
    r"(?!\s+(?:(?:and|of|de)\s+)?[A-Z])"
)
# One name saying something, wherever it stands: "Speaking in Kestrin, Varga said".
_SAYER = re.compile(
    r"\b(?!(?:He|She|It|They|We|I|You|This|That)\b)(?P<slot>[A-Z][\w'’-]+) "
    r"(?:said|says|told|added|warned)\b"
)
_SLOTS: dict[Kind, tuple[re.Pattern[str], ...]] = {
    "count": (_FIGURE, _QUANTITY_WORDS),
    "measure": (_FIGURE,),
    "money": (_FIGURE, _MONEY),
    "duration": (_FIGURE, _LENGTH),
    "share": (_FIGURE, _SHARE),
    "frequency": (_FIGURE, _FREQUENCY),
    "age": (_AGE,),
    "time": (_RELATIVE_TIME, _CALENDAR),
    "place": (_PLACE, *_PLACE_NAMED),
    "agent": (_PERSON, _AGENT, _MID_SENTENCE_NAME, _SAYER),
    "cause": (_CAUSE,),
    "other": (),
}


# "Who leads the union?", "Who is Vireo's boss?": a question about who holds a post, answered
# by a person named with a post ("general secretary Maren Holt", "Clara Wendt, chief
# executive", "led by Sanna Korpi"), never by the organisation alone.
_ASKS_HOLDER = re.compile(
    r"^\s*who\b(?:(?!\b(?:said|say|says|told|announced|found|won|beat|did)\b).)*?\b(?:"
    r"boss|head|chief|leader|chair\w*|president|director|governor|coach|manager|secretary|"
    r"mayor|captain|executive|commander|premier|in charge|leads|heads|coaches|chairs|"
    # "Who runs Vireo?" asks for its boss; "Who runs the grid?" for an operator.
    r"(?-i:runs(?=\s+[A-Z]))|"
    r"manages|led|headed)\b",
    re.I,
)


def asks_post(question: str) -> bool:
    """Whether a question asks for a post's holder, by who leads ("Who heads the union?") or
    by the post ("Which finance minister welcomed the cut?"): a person named with another post
    ("deputy governor Paul Sendek") does not answer it."""
    return bool(_ASKS_HOLDER.search(question) or _WHICH_POST.search(question))


_POST = (
    r"(?i:boss|head|chief|principal|leader|chair(?:man|woman|person)?|president|director|"
    r"governor|coach|"
    r"manager|secretary|mayor|captain|executive|commander|premier|minister|publican|owner|"
    r"founder|spokes(?:man|woman|person)|controller|commissioner|superintendent|inspector|"
    r"administrator|chancellor|gov|supt|insp|sen|pres|c[efiot]o|"
    r"(?:led|headed|managed|run|chaired) by)"
)
# "Clara Wendt", "Ada M. Rask", "A. J. Smith"
_FULL_NAME = r"(?:[A-Z]\.\s*){1,3}[A-Z][\w'’-]+|[A-Z][\w'’-]+(?:\s+(?:[A-Z]\.\s*)?[A-Z][\w'’-]+)+"
_HOLDER = (
    # "Qeshm Gov. Heidar Alishvandi"
    re.compile(
        rf"\b{_POST}\b\.?(?:\s+(?:[a-z][\w'’-]*|{_POST})){{0,3}},?\s+(?P<slot>{_FULL_NAME})"
    ),
    # "The chair of the Calderwick Civic Alliance association, Desmond Ochre"
    re.compile(rf"\b{_POST}\s+of\s+[^,;.]{{1,60}},\s+(?P<slot>{_FULL_NAME})"),
    re.compile(
        rf"(?P<slot>{_FULL_NAME}),\s+(?:the\s+|a\s+|its\s+)?(?:[\w'’-]+\s+){{0,3}}{_POST}\b"
    ),
    # "Professor Annika Roos, who led the instrument team", "Cheryl Boone Isaacs, only the third
    # woman to head the Academy"
    re.compile(
        rf"(?P<slot>{_FULL_NAME}),\s+(?:who|(?:[\w'’-]+\s+){{0,4}}to)\s+"
        r"(?:leads?|led|heads?|headed|runs?|ran|chairs?|chaired|manages?|managed)\b"
    ),
)


# A name that quotation marks may give: a work's ("What is the name of the song the group
# made?", "Which TV series…?") or a nickname ("What is Thompson's nickname?": knocking "The
# Tiger" out).
_ASKS_TITLE = re.compile(
    rf"\bnames? of (?:the |a |an |his |her |their |its )?(?:new |latest |first )?{_WORK}\b"
    rf"|\bnicknames?\b|{_WHICH_WORK}",
    re.I,
)
_QUOTED_TITLE = re.compile(r"[\"“‘'](?P<slot>[A-Z][^\"”’]{1,60}?)[\"”’]")
# "Who was rescued from the car?", "Who was hurt?": who something happened to, which a
# description answers as well as a name ("a man in his seventies", "two people").
_ASKS_WHO_UNDERWENT = re.compile(
    r"^\s*who (?:was|were|has been|have been|had been|got) (?:[a-z]+ )?"
    r"(?:[a-z]+(?:ed|en)|hurt|shot|caught|held|found|struck|hit)\b",
    re.I,
)
_PEOPLE_DESCRIBED = re.compile(
    r"\b(?:an?|one|two|three|four|five|six|\d+|several|some|many)\s+(?:[a-z-]+\s+){0,2}?"
    r"(?:m[ae]n|wom[ae]n|people|person|child(?:ren)?|boys?|girls?|bab(?:y|ies)|famil(?:y|ies)|"
    r"couples?|residents?|pensioners?|drivers?|passengers?|teenagers?|students?|workers?|"
    r"volunteers?|firefighters?|officers?|climbers?|hikers?|fishermen|tourists?)\b",
    re.I,
)


@lru_cache(maxsize=20_000)
def slots(answer_kind: Kind, text: str, question: str = "") -> tuple[tuple[int, int], ...]:
    """The character spans of a sentence that could hold the answer ("37 of the 81 seats":
    "37" and "81" for "how many"), leaving out names and figures the question gives, and a
    name or role made of the question's own words: "the Dock and Transport Workers' Union" is
    not who leads the dockworkers' union, nor "chief" who Skarn's boss is."""
    given = {m[0].lower() for m in _NAME_OR_FIGURE.finditer(question.strip()) if m.start()}
    asked = set(concepts(question)) if answer_kind in _NAMED else set()
    holder = answer_kind == "agent" and asks_post(question)
    patterns = _HOLDER if holder else _SLOTS[answer_kind]
    if answer_kind == "agent" and (
        _ASKS_NAME.search(question) or _ASKS_WHICH_BODY.search(question)
    ):
        patterns = tuple(p for p in patterns if p is not _AGENT)  # a name, not "the operator"
    elif answer_kind == "agent" and not holder and _ASKS_WHO_UNDERWENT.search(question):
        patterns = (*patterns, _PEOPLE_DESCRIBED)  # "Who was rescued?": "a man in his seventies"
    if answer_kind == "agent" and _ASKS_TITLE.search(question):
        patterns = (*patterns, _QUOTED_TITLE)  # the song's name: "Come Doctor Come"
    found = [
        _slot(m)
        for pattern in patterns
        for m in pattern.finditer(text)
        if not holder or _holds_post_asked(m, question)
    ]
    return tuple(
        (start, end)
        for start, end in found
        if text[start:end].strip().lower() not in given
        and not asked.intersection(concepts(_without_leading_role(text[start:end], asked)))
        and not (answer_kind == "agent" and _WHERE_BEFORE.search(text, 0, start))
        and text[start:end].strip() not in _COMMON_ACRONYMS
    )


# Capitals that stand for a thing, not a name: "an external IT contractor" names no one.
_COMMON_ACRONYMS = frozenset((
    "IT", "AI", "TV", "PR", "HR", "ID", "GP", "PC", "CEO", "CFO", "COO", "CTO", "CCTV", "DNA",
    "GPS", "SMS", "VAT", "GDP", "ATM", "PDF", "USB",
))  # fmt: skip


_LEADING_WORD = re.compile(r"\s*([\w'’-]+)\.?\s*")


def _without_leading_role(name: str, asked: set[str]) -> str:
    """A name without the post or role that opens it, when the question names that role:
    "Organiser Carol Whitby" organises the food bank and "Captain Manrosan" heads the agency,
    though "organiser" and "captain" are the question's own words. What remains must still be
    none of them ("the Dock and Transport Workers' Union" does not lead the dockworkers'
    union)."""
    rest = name
    while (match := _LEADING_WORD.match(rest)) and match.end() < len(rest):
        word = match[1]
        if not (re.fullmatch(_POST, word) or asked.intersection(concepts(word))):
            break
        rest = rest[match.end() :]
    return rest


# Posts a question names on their own: "Who is the club's chairman?" is not answered by its
# secretary. Asked who leads, heads or runs something, or who its boss is, any post answers.
_NAMED_POSTS = (
    "chair", "governor", "coach", "mayor", "president", "captain", "secretary", "director",
    "premier", "minister", "manager", "commander", "owner", "founder", "spokes",
)  # fmt: skip
_WHICH_POST = re.compile(rf"\bwhich (?:[\w'’-]+ )?(?:{'|'.join(_NAMED_POSTS)})", re.I)
# A post held beside or under another, or no longer: not the post itself.
# How far before a post its qualifier is read ("Deputy governor").
_QUALIFIER_REACH = 10
# Titles as news abbreviates them before a name ("Qeshm Gov. Heidar Alishvandi").
_TITLES = {
    "gov": "governor", "supt": "superintendent", "insp": "inspector", "sen": "senator",
    "pres": "president",
}  # fmt: skip
_TITLE_ABBREVIATION = re.compile(rf"\b({'|'.join(_TITLES)})\.")
# The head of a part of a body ("the society's head of lending"), who does not run the whole.
_DEPARTMENT_HEAD = re.compile(
    r"\b(?i:head|director|chief) of (?!(?:the|a|an|its|their|his|her)\b)([a-z]+)\b"
)
_DEPARTMENT_REACH = 20
_SECOND_POST = re.compile(r"\b(?:deputy|vice|assistant|acting|interim|former|ex)\b", re.I)


def _holds_post_asked(match: re.Match[str], question: str) -> bool:
    """Whether a post holder's match names the post the question asks about ("Deputy governor
    Paul Sendek" is not who the governor is)."""
    slot_start, slot_end = match.span("slot")
    before = max(0, match.start() - _QUALIFIER_REACH)
    general = _GENERAL.match(match.string, match.end())  # "the agency's director-general"
    end = general.end() if general else match.end()
    post = (match.string[before:slot_start] + match.string[slot_end:end]).lower()
    post = _TITLE_ABBREVIATION.sub(lambda m: _TITLES[m[1]], post)
    asked = question.lower()
    if bool(_SECOND_POST.search(post)) != bool(_SECOND_POST.search(asked)):
        return False
    department = _DEPARTMENT_HEAD.search(
        match.string, match.start(), match.end() + _DEPARTMENT_REACH
    )
    if department and department[1] not in asked:
        return False
    named = [word for word in _NAMED_POSTS if word in asked]
    return not named or any(_same_post(word, post, asked) for word in named)


_GENERAL = re.compile(r"[\s-]general\b", re.I)


def _same_post(word: str, post: str, asked: str) -> bool:
    """Whether a post as a sentence names it is the one asked for by this word: a director is
    not a director-general, nor a branch secretary the general secretary."""
    general = re.compile(rf"{word}[\s-]general|\bgeneral[\s-]{word}")
    return word in post and bool(general.search(post)) == bool(general.search(asked))


def post_phrases(text: str, question: str) -> list[str]:
    """The phrases naming a holder of the post a question asks about, post and name together
    ("Chief executive Clara Wendt"), for reading their meaning against the question."""
    if kind(question) != "agent" or not asks_post(question):
        return []
    return [
        m[0].strip()
        for pattern in _HOLDER
        for m in pattern.finditer(text)
        if _holds_post_asked(m, question)
    ]


def _slot(match: re.Match[str]) -> tuple[int, int]:
    """The span of a match, or of its "slot" group when the pattern reads context around it."""
    return match.span("slot") if "slot" in match.re.groupindex else match.span()


# Kinds answered by a name or a role, which the question's own words can look like.
_NAMED: frozenset[Kind] = frozenset({"agent", "place"})
_EVIDENCE: dict[Kind, Callable[[str], bool]] = {
    "count": _has_quantity,
    # "How far" is answered by "an hour away" too, "how strong" by a share; never by a sum of
    # money ("How high will it circle?" is not answered by what it cost).
    "measure": lambda text: (
        bool(_ONE_UNIT.search(text))
        or (_has_quantity(text) and any(p.search(text) for p in (_MEASURE, _SHARE, _DURATION)))
    ),
    # "How much have prices dropped": by a share as often as by an amount.
    "money": lambda text: bool(_MONEY.search(text) or _SHARE.search(text)) and _has_quantity(text),
    "duration": lambda text: bool(_LENGTH.search(text)),
    "share": lambda text: bool(_SHARE.search(text)),
    "frequency": lambda text: bool(_FREQUENCY.search(text)),
    "age": lambda text: bool(_AGE.search(text)),
    "time": _has_time,
    "place": lambda text: bool(_PLACE.search(text)),
    "agent": _has_agent,
    "cause": lambda text: bool(_CAUSE.search(text) or _EXPLAINING.search(text)),
    "other": lambda text: not _WITHHELD.search(text),
}
