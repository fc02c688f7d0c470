"""Word lists the claim rules use.

The pipeline runs without spaCy's lemmatizer (it costs about a fifth of the parse
time), so cue verbs are listed by their inflected forms.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(block.split())


def _pairs(block: str) -> dict[str, str]:
    """ "flee fled  leave left" -> {"flee": "fled", "leave": "left"}."""
    words = block.split()
    return dict(zip(words[::2], words[1::2], strict=True))


def _forms(*entries: str) -> dict[str, str]:
    """``"say said saying says"`` -> every form maps to the first (the lemma)."""
    out: dict[str, str] = {}
    for entry in entries:
        words = entry.split()
        for w in words:
            out[w] = words[0]
    return out


# Marks that set an aside off from what it interrupts ("Acme - the maker of ...",
# "These towns — spread across the state — have ...").
ASIDE_PUNCT = frozenset({",", "-", "--", "\u2014", "\u2013"})

# Verbs whose clausal complement is content attributed to their subject.
CUE_VERBS = _forms(
    "say said says saying",
    "claim claimed claims claiming",
    "deny denied denies denying",
    "report reported reports reporting",
    "insist insisted insists insisting",
    "state stated states stating",
    "confirm confirmed confirms confirming",
    "suggest suggested suggests suggesting",
    "tell told tells telling",
    "add added adds adding",
    "announce announced announces announcing",
    "declare declared declares declaring",
    "explain explained explains explaining",
    "note noted notes noting",
    "argue argued argues arguing",
    "believe believed believes believing",
    "think thought thinks thinking",
    "warn warned warns warning",
    "allege alleged alleges alleging",
    "assert asserted asserts asserting",
    "estimate estimated estimates estimating",
    "predict predicted predicts predicting",
    "reveal revealed reveals revealing",
    "indicate indicated indicates indicating",
    "acknowledge acknowledged acknowledges acknowledging",
    "admit admitted admits admitting",
    "write wrote writes writing written",
    "maintain maintained maintains maintaining",
    "reiterate reiterated reiterates reiterating",
    "dismiss dismissed dismisses dismissing",
    "reject rejected rejects rejecting",
    "dispute disputed disputes disputing",
    "refute refuted refutes refuting",
    "agree agreed agrees agreeing",
    "contend contended contends contending",
    "emphasize emphasized emphasizes emphasizing emphasise emphasised emphasises",
    "stress stressed stresses stressing",
    "insinuate insinuated insinuates insinuating",
    "complain complained complains complaining",
    "concede conceded concedes conceding",
    "conclude concluded concludes concluding",
    "expect expected expects expecting",
    "fear feared fears fearing",
    "hope hoped hopes hoping",
    "feel felt feels feeling",
    "know knew knows knowing known",
    "find found finds finding",
    "show showed shows showing shown",
    "recall recalled recalls recalling",
    "observe observed observes observing",
    "point pointed points pointing",
    "remark remarked remarks remarking",
    "reply replied replies replying",
    "respond responded responds responding",
    "comment commented comments commenting",
    "describe described describes describing",
    "accuse accused accuses accusing",
    "promise promised promises promising",
    "pledge pledged pledges pledging",
    "vow vowed vows vowing",
    "threaten threatened threatens threatening",
    "question questioned questions questioning",
    "tweet tweeted tweets tweeting",
    "post posted posts posting",
    "testify testified testifies testifying",
    "speculate speculated speculates speculating",
    "surmise surmised surmises surmising",
    "inform informed informs informing",
    "assure assured assures assuring",
    "cite cited cites citing",
    "quote quoted quotes quoting",
    "mention mentioned mentions mentioning",
    "disclose disclosed discloses disclosing",
    "forecast forecasted forecasts forecasting",
    "project projected projects projecting",
    "caution cautioned cautions cautioning",
    "signal signalled signaled signals signalling signaling",
    "imply implied implies implying",
    "hint hinted hints hinting",
    "boast boasted boasts boasting",
    "proclaim proclaimed proclaims proclaiming",
    "suspect suspected suspects suspecting",
    "consider considered considers considering",
    "doubt doubted doubts doubting",
    "understand understood understands understanding",
    "learn learned learnt learns learning",
    "discover discovered discovers discovering",
    "determine determined determines determining",
    "rule ruled rules ruling",
    "theorize theorized theorizes theorizing theorise theorised theorises",
    "hypothesize hypothesized hypothesizes hypothesise hypothesised",
    "posit posited posits positing",
    "contend contended",
    "guess guessed guesses",
    "calculate calculated calculates calculating",
)

# Ways of speaking, by their forms: they introduce a quotation after a colon or a
# quotation mark ('The man yelled: "..."', see INTRO_VERBS) and report nothing else ("as
# the crowd chanted" reports nothing).
_MANNER_FORMS = (
    "shout shouted shouts shouting",
    "yell yelled yells yelling",
    "scream screamed screams screaming",
    "exclaim exclaimed exclaims exclaiming",
    "cry cried cries crying",
    "quip quipped quips quipping",
    "joke joked jokes joking",
    "chant chanted chants chanting",
    "whisper whispered whispers whispering",
)
MANNER_OF_SPEAKING = frozenset(entry.split()[0] for entry in _MANNER_FORMS)

# Verbs of saying: only these introduce content that follows them ("She added:").
SPEECH_CUES = (
    _words(
        """
    say tell add state write declare explain note continue read reason announce comment
    reply respond insist claim warn tweet post conclude argue answer report remark
    observe stress emphasize reiterate admit acknowledge confirm begin deny assert
    allege testify proclaim predict suggest mention describe point disclose reveal
    caution complain concede
    """
    )
    | MANNER_OF_SPEAKING
)

# Cue verbs whose subject rejects the content: the claim keeps its polarity and the
# stance says "denied" (a denial is not a negated claim).
DENIAL_CUES = _words(
    """
    deny dismiss reject dispute refute doubt doubtful skeptical sceptical unconvinced
    """
)

# Nouns naming a proposition someone could deny: "dismissed rumors of X",
# "denied reports that X".
PROPOSITION_NOUNS = _words(
    """
    rumor rumors rumour rumours report reports claim claims allegation allegations
    suggestion suggestions speculation accusation accusations charge charges story
    stories assertion assertions idea notion talk
    """
)

# Nouns whose that-clause is someone's claim: "came to the conclusion that X".
CUE_NOUNS = _words(
    """
    conclusion belief claim claims statement assertion allegation allegations view
    argument estimate finding findings suggestion insistence announcement warning
    promise assurance admission prediction report reports assessment contention
    impression warnings promises assurances predictions beliefs views arguments
    estimates assessments suggestions statements criticism criticisms accusation
    accusations complaint complaints
    """
)

# Nouns whose that-clause is only feared, hoped, likely or suspected: "There is a fear that
# the dam will fail" claims no failure, so the clause stays with its noun.
HEDGE_NOUNS = _words(
    """
    fear fears hope hopes concern concerns worry worries risk risks possibility
    possibilities chance chances danger dangers threat threats expectation expectations
    evidence sign signs indication indications suspicion suspicions doubt doubts
    likelihood prospect prospects sense feeling perception perceptions disappointment
    frustration surprise regret anger dismay satisfaction relief optimism confidence
    """
)

# Adjectives whose clausal complement is the subject's view: "X was confident (that) Y".
# Doubt ("skeptical that") is left out: it is neither an assertion nor a denial.
CUE_ADJECTIVES = _words(
    """
    confident sure certain convinced optimistic hopeful adamant positive aware concerned
    worried afraid fearful doubtful skeptical sceptical unconvinced
    """
)

# Prepositions that make a gerund an adverbial clause: "after leaving", "by firing".
CLAUSAL_PREPS = _words(
    """
    after before by for of despite without since upon while whilst instead through on in
    """
)

# Verbs taking a bare small clause: "saw the teams meet", "made him leave".
SMALL_CLAUSE_VERBS = _words(
    """
    see saw seen sees seeing watch watched hear heard help helped helps helping let lets
    letting make made makes making have had has having feel felt notice noticed
    """
)
BE_FORMS = _words(
    """
    is was are were be been 's ’s 're ’re am
    """
)

# Verbs that are cues only when they introduce what follows: "She continued:",
# "The letter reads:", "The city reasoned, \"...\"".
INTRO_VERBS = _forms(
    "continue continued continues continuing",
    "read reads reading",
    "reason reasoned reasons reasoning",
    "conclude concluded concludes concluding",
    "answer answered answers answering",
    "begin began begins beginning",
    *_MANNER_FORMS,
)

# Subordinators dropped from a claim's text ("that X" -> "X"); "if", "unless",
# "whether", "once", "before", "until" are kept because the proposition is conditional
# or open ("before the workers could finish" does not say they finished).
DROPPABLE_MARKS = _words(
    """
    that because while whilst whereas though although since as after when
    """
)

# Subordinators of a clause that comments on reported content rather than being part
# of it: "X said A, though B".
ASIDE_MARKS = _words(
    """
    though although whereas
    """
)

# Verbs whose coordinated subject acted together ("Acme and Widget merged"): its names
# are not split into claims of their own.
TOGETHER_VERBS = _words(
    """
    meet meets met meeting merge merges merged merging clash clashes clashed clashing
    collide collides collided marry married differ differed disagree disagreed tied
    team teams teamed teaming ally allied unite united agree agreed negotiate negotiated
    partner partnered cooperate cooperated debate debated debating
    """
)
# "Lund and Hale founded a firm": one body founded by its subjects together.
FOUNDING_VERBS = _words("form forms formed forming found founded create created establish established")
FOUNDED_BODIES = _words(
    """
    company firm venture partnership business group party alliance coalition consortium
    union bank fund foundation
    """
)
# "Clinton and Trump are even": adjectives that relate the subjects to each other.
TOGETHER_ADJECTIVES = _words(
    """
    even level equal similar different close tied alike divided split
    """
)

# The last word of a firm's name after "and" ("Smith and Sons"): not a second name.
FIRM_CONJUNCTS = _words(
    """
    associates partners co co. company sons son brothers bros bros. affiliates
    """
)

# Words that end a firm's name: "Golf and Tennis Corp" is one name, "Acme Corp and
# Beta Inc" two.
FIRM_SUFFIXES = _words(
    """
    corp corp. inc inc. ltd ltd. plc co co. ag sa nv bv llc corporation company group holdings
    """
)

# Nouns of a time ("Trump on Tuesday said", "at the time"): not part of a source.
TIME_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday time moment weekend week
    month year morning afternoon evening night day today yesterday january february march
    april may june july august september october november december
    """
)

# Verbs of asking whose that-clause is in the subjunctive: "requested that it be given".
REQUEST_VERBS = _forms(
    "request requested requests",
    "ask asked asks",
    "demand demanded demands",
    "urge urged urges",
    "recommend recommended recommends",
    "propose proposed proposes",
    "insist insisted insists",
    "require required requires",
)

# A reporting period and the participle that dates it: "the year ended Sept 30", "the
# quarter ending in June" say which period, not that it ended.
PERIOD_NOUNS = _words(
    "year years quarter quarters half week weeks month months period periods season session day days"
)
PERIOD_PARTICIPLES = _words("ended ending begun beginning started starting closed closing finished")

# Days of the week: "on Tuesday" where a month is "in March".
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Where something was said ("The mayor in a statement said"): not part of a source.
MEDIUM_WORDS = _words(
    """
    statement statements interview interviews letter speech release email e-mail memo
    post tweet filing briefing conference call
    """
)

# Verbs of knowing: "knows what a good deal is" claims no answer of its own.
KNOWING_VERBS = _words(
    """
    know knows knew knowing understand understands understood understanding realize
    realizes realized realise realises realised remember remembers remembered
    """
)

# Words that open an indirect question ("what the needs are", "whether it closes").
QUESTION_WORDS = _words(
    """
    what how why whether where who whom which if
    """
)

# Acts only a body (a firm, an agency, a paper) does, not a thing ("It expires", "It
# yields", "It does not promote tooth decay"): the "It" of "It gave no details", "It put
# the crop at ...", "It cited ..." right after a body spoke is that body.
BODY_ACTS = _words(
    """
    said says added noted estimated estimates reported reports cited cites attributed
    attributes forecast forecasts predicted predicts announced announces confirmed confirms
    denied denies declined declines gave gives put puts set sets accepted accepts left
    elaborate comment disclosed discloses revealed reveals blamed blames warned warns urged
    urges asked asks agreed agrees rejected rejects
    """
)

# Words an opening phrase before the subject starts with ("In the video, he ...",
# "However, she ...", "After the vote, he ...").
OPENING_WORDS = _words(
    """
    in on at as after before during with without for instead however still now then this
    last next by since within over under beyond moreover rather yet also meanwhile later
    earlier today yesterday once while when if although though because but and so until
    despite unlike from through throughout among again indeed besides thus therefore
    already soon finally eventually
    """
)

# Verbs whose object is whom something was told ("told the committee rates would rise").
ADDRESSEE_VERBS = _words(
    """
    told tell tells telling informed assured reminded advised notified promised
    """
)

# Ways of speaking that attribute a quotation they follow ('"Stay there!" a man
# yelled.'), though they take no reported clause.
QUOTE_TAIL_VERBS = _words(
    """
    shouted yelled screamed exclaimed cried quipped joked chanted whispered asked
    continued continues answered answers urged charged barked confessed demanded fumed
    recounted recounts repeated pressed mocked read reads
    """
)

# Cues that are nouns or prepositions: "according to X", "in the words of X".
ACCORDING = _words(
    """
    according
    """
)

PRONOUNS_PERSON = _words(
    """
    he she He She
    """
)

# Titles dropped from a name used as an antecedent ("President Bashar Al-Assad").
TITLE_WORDS = _words(
    """
    President Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prime Minister King Queen General Gen.
    Senator Sen. Rep. Governor Gov. Secretary Chancellor Prince Pope Judge Justice Sir
    Lord -elect President-elect Vice Chairman Chief Director Mayor
    """
)

# Given names that nearly always name a woman or a man (lower-cased), for he/she: a
# name with neither (Kelly, Jordan, Taylor, Lee) decides nothing. A general list of
# common English given names and names often in the news; no corpus was read for it.
FEMALE_NAMES = _words(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
    deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
    janet ruth maria heather diane virginia julie joyce victoria olivia christina lauren
    joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann anne
    teresa kathryn sara janice alice madison doris abigail julia judy grace denise amber
    marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte
    rose alexis kayla hillary hilary megyn melania ivana ivanka chelsea condoleezza sonia
    elena kamala nikki carly huma debbie loretta valerie jill tulsi kellyanne betsy elaine
    madeleine dianne kirsten tammy patty maxine marsha shelley heidi jeanne claire tina
    cindy gretchen katie mika yvonne irene eleanor agnes edith florence lucy molly ellen
    wendy jane jenny joanne paula peggy rita sylvia vivian susanna susannah hope joni
    ileana ilhan alexandria nadia fatima aisha ayesha angelina anastasia tatiana olga
    svetlana ursula christiane marine segolene beatrix margrethe queen madam mrs ms miss
    """
)
MALE_NAMES = _words(
    """
    james john robert michael william david richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis
    jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy
    harold keith roger noah gerald carl sean austin arthur lawrence jesse dylan bryan joe
    billy bruce albert willie gabriel logan alan juan wayne roy ralph randy eugene vincent
    russell elijah louis bobby philip johnny barack bernie ted marco jeb rand mike mitch
    newt rick bill reince rudy jared corey chuck harry rahm tim tom jim bob bernard
    vladimir francois emmanuel boris shinzo hassan bashar mahmoud abraham martin malcolm
    hugh howard herbert lyndon dwight franklin woodrow calvin ulysses ronnie jimmy gerry
    steve dave dan ken greg jeff ben sam nick fred al ed ron don doug pete hank lou
    mohammed muhammad ahmed ali omar mustafa ibrahim yusuf recep nicolas sergei dmitry
    igor viktor helmut gerhard olaf angus nigel tony gordon mr sir king lord
    """
)

# Cues whose negation is the content's ("I don't think it will rain": it will not rain).
# Beliefs a firm can hold as "it" ("It believes the plant will reopen"); "it feels like",
# "it means that" have no holder.
IT_HOLDS = _words("believe expect think estimate forecast predict anticipate hope fear")

NEG_RAISING_CUES = _words(
    """
    think believe expect suppose feel imagine reckon anticipate
    """
)

# One person's role: "he"/"she" after "one trader said", "a spokesman said" is that person.
PERSON_ROLES = _words(
    """
    spokesman spokeswoman spokesperson official analyst trader dealer economist banker broker
    chairman chairwoman president executive director minister secretary senator governor mayor
    aide adviser advisor lawyer attorney manager strategist source diplomat negotiator delegate
    leader expert director-general commissioner
    """
)

# A person named by a role who, as a source, is the "he" or "she" of what they say: "The
# nominee said he was joking" (the nominee). Not roles that speak for or about someone else
# ("A spokesman said he would attend", "His doctor said she is well").
SELF_ROLES = _words(
    """
    man woman senator congressman congresswoman lawmaker legislator governor mayor president
    candidate nominee front-runner frontrunner contender challenger incumbent chairman
    chairwoman minister premier chancellor speaker leader billionaire businessman businesswoman
    judge prosecutor economist analyst strategist investor executive ceo founder owner
    """
)
FEMALE_ROLES = _words("woman congresswoman chairwoman businesswoman")

# Words that make a source an organisation rather than a person.
ORG_WORDS = _words(
    """
    inc inc. corp corp. co co. ltd plc group media news agency ministry department
    government council party company bank army police office committee commission union
    association university times post telegraph reuters board court
    """
)

QUOTE_OPEN = frozenset("“‘«„‚‹「『")
QUOTE_CLOSE = frozenset("”’»“‘›」』")
QUOTE_STRAIGHT = frozenset('"')

# Irregular past tenses, for turning "rumors of Assad fleeing" into "Assad fled".
IRREGULAR_PAST = _pairs(
    """
    be was   have had   do did   go went   flee fled   leave left   come came   run ran
    take took   give gave   make made   get got   see saw   know knew   say said
    tell told   think thought   find found   fly flew   fall fell   win won   lose lost
    meet met   send sent   spend spent   build built   buy bought   sell sold
    bring brought   hold held   keep kept   begin began   break broke   choose chose
    drive drove   eat ate   fight fought   forget forgot   hide hid   lead led
    ride rode   rise rose   shoot shot   sink sank   speak spoke   stand stood
    steal stole   strike struck   swim swam   teach taught   throw threw   wear wore
    write wrote   die died   lie lay   pay paid   set set   put put   cut cut   hit hit
    quit quit   let let   sit sat   sleep slept   feel felt
    """
)

# Verbs of stance, intention and evaluation whose object or infinitive is the subject's
# position: "Clinton wants to raise the minimum wage", "Trump criticized the deal",
# "She urged Congress to act", "He called for a ban". PolNeAR (and a fact-checker)
# count these as attribution; the cue verbs above count too when they take a noun
# object instead of a clause ("announced new controls", "polls show Clinton ahead").
# Chosen by how often the word is an attribution cue where it is not itself inside
# reported content, on the tuning part of PolNeAR's train split (docs/engine.md).
STANCE_VERBS = _forms(
    "want wanted wants wanting",
    "plan planned plans planning",
    "intend intended intends intending",
    "aim aimed aims aiming",
    "seek sought seeks seeking",
    "hope hoped hopes hoping",
    "call called calls calling",
    "urge urged urges urging",
    "ask asked asks asking",
    "demand demanded demands demanding",
    "request requested requests requesting",
    "criticize criticized criticizes criticizing criticise criticised criticises criticising",
    "praise praised praises praising",
    "blast blasted blasts blasting",
    "slam slammed slams slamming",
    "attack attacked attacks attacking",
    "assail assailed assails assailing",
    "denounce denounced denounces denouncing",
    "condemn condemned condemns condemning",
    "decry decried decries decrying",
    "rebuke rebuked rebukes rebuking",
    "mock mocked mocks mocking",
    "deride derided derides deriding",
    "blame blamed blames blaming",
    "accuse accused accuses accusing",
    "defend defended defends defending",
    "endorse endorsed endorses endorsing",
    "support supported supports supporting",
    "back backed backs backing",
    "oppose opposed opposes opposing",
    "favor favored favors favoring favour favoured favours favouring",
    "prefer preferred prefers preferring",
    "champion championed champions championing",
    "advocate advocated advocates advocating",
    "propose proposed proposes proposing",
    "recommend recommended recommends recommending",
    "refuse refused refuses refusing",
    "decline declined declines declining",
    "resist resisted resists resisting",
    "thank thanked thanks thanking",
    "congratulate congratulated congratulates congratulating",
    "hail hailed hails hailing",
    "applaud applauded applauds applauding",
    "welcome welcomed welcomes welcoming",
    "tout touted touts touting",
    "promote promoted promotes promoting",
    "lament lamented laments lamenting",
    "bemoan bemoaned bemoans bemoaning",
    "express expressed expresses expressing",
    "voice voiced voices voicing",
    "echo echoed echoes echoing",
    "discuss discussed discusses discussing",
    "talk talked talks talking",
    "refer referred refers referring",
    "allude alluded alludes alluding",
    "reference referenced references referencing",
    "recount recounted recounts recounting",
    "remember remembered remembers remembering",
    "remind reminded reminds reminding",
    "portray portrayed portrays portraying",
    "liken likened likens likening",
    "dub dubbed dubs dubbing",
    "label labeled labelled labels labeling labelling",
    "brand branded brands branding",
    "highlight highlighted highlights highlighting",
    "underscore underscored underscores underscoring",
    "outline outlined outlines outlining",
    "detail detailed details detailing",
    "list listed lists listing",
    "cite cited cites citing",
    "invoke invoked invokes invoking",
    "rail railed rails railing",
    "lash lashed lashes lashing",
    "boast boasted boasts boasting",
    "brag bragged brags bragging",
    "apologize apologized apologizes apologizing apologise apologised",
    "order ordered orders ordering",
    "encourage encouraged encourages encouraging",
    "persuade persuaded persuades persuading",
    "pledge pledged pledges pledging",
    "vow vowed vows vowing",
    "promise promised promises promising",
    "threaten threatened threatens threatening",
    "challenge challenged challenges challenging",
    "question questioned questions questioning",
    "dismiss dismissed dismisses dismissing",
    "reject rejected rejects rejecting",
    "deny denied denies denying",
    "dispute disputed disputes disputing",
    "contradict contradicted contradicts contradicting",
    "rebut rebutted rebuts rebutting",
    "announce announced announces announcing",
    "confirm confirmed confirms confirming",
    "describe described describes describing",
    "show showed shows showing shown",
    "find found finds finding",
    "predict predicted predicts predicting",
    "fear feared fears fearing",
    "expect expected expects expecting",
    "reveal revealed reveals revealing",
    "acknowledge acknowledged acknowledges acknowledging",
    "admit admitted admits admitting",
    "claim claimed claims claiming",
    "mention mentioned mentions mentioning",
    "emphasize emphasized emphasizes emphasizing emphasise emphasised",
    "stress stressed stresses stressing",
    "reiterate reiterated reiterates reiterating",
    "repeat repeated repeats repeating",
    "envision envisioned envisions envisioning",
    "dislike disliked dislikes disliking",
    "wonder wondered wonders wondering",
    "decide decided decides deciding",
    "joke joked jokes joking",
    "quip quipped quips quipping",
    "speak spoke speaks speaking spoken",
    "focus focused focuses focusing focussed",
    "point pointed points pointing",
    "recall recalled recalls recalling",
    "renounce renounced renounces renouncing",
    "rescind rescinded rescinds rescinding",
    "worry worried worries worrying",
    "nominate nominated nominates nominating",
    "herald heralded heralds heralding",
    "relish relished relishes relishing",
    "embrace embraced embraces embracing",
    "disavow disavowed disavows disavowing",
    "characterize characterized characterizes characterizing characterise characterised",
    "chastise chastised chastises chastising",
    "scold scolded scolds scolding",
    "berate berated berates berating",
    "castigate castigated castigates castigating",
    "lambaste lambasted lambastes lambasting",
    "excoriate excoriated excoriates excoriating",
    "rip ripped rips ripping",
    "fault faulted faults faulting",
    "press pressed presses pressing",
    "push pushed pushes pushing",
    "lobby lobbied lobbies lobbying",
    "implore implored implores imploring",
    "plead pleaded pleads pleading",
    "pressure pressured pressures pressuring",
    "mull mulled mulls mulling",
    "ponder pondered ponders pondering",
    "weigh weighed weighs weighing",
    "contemplate contemplated contemplates contemplating",
    "eye eyed eyes eyeing",
    "view viewed views viewing",
    "regard regarded regards regarding",
    "credit credited credits crediting",
    "celebrate celebrated celebrates celebrating",
    "allege alleged alleges alleging",
    "see sees seeing",
)

# Headline cues, as written in title case or not ("Trump Says ...", "..., Doctor Says").
HEADLINE_CUES = _words(
    """
    says said tells told claims claimed warns warned urges urged calls slams blasts
    accuses accused insists insisted vows vowed pledges promises predicts admits admitted
    denies denied argues writes wrote tweets tweeted reports reported declares declared
    suggests suggested thinks believes wants rules ruled explains
    """
)

# Words before a colon that label a headline rather than name a speaker ("Update: ...").
HEADLINE_LABELS = _words(
    """
    update updated watch exclusive breaking video videos photo photos analysis opinion
    editorial live note related read more listen audio image images fact check
    review interview transcript correction sponsored podcast quiz timeline map chart
    graphic factbox explainer q&a full text latest contributing
    q a
    """
)

# Stance verbs whose subject may be a thing: "polls show", "the study found".
EVIDENCE_VERBS = _words(
    """
    show showed shows showing shown find found finds finding reveal revealed reveals
    revealing indicate indicated indicates indicating confirm confirmed confirms
    confirming predict predicted predicts predicting suggest suggested suggests
    suggesting describe described describes describing cite cited cites citing
    allege alleged alleges alleging
    """
)

# Common nouns that name people or organisations, the holders of a stance (a proper
# noun or he/she/they qualifies by itself): "critics urged", "the campaign wants".
# Plural speakers of market and wire news, opening a sentence ("Traders said"): read as
# several people when capitalised, where a capitalised word ending in -s is most often a
# name ("Jones said").
GROUP_SOURCES = _words(
    """
    traders dealers brokers bankers sources economists analysts officials diplomats
    executives observers witnesses operators exporters importers producers
    """
)

AGENT_NOUNS = _words(
    """
    people person man woman men women official officials critic critics leader leaders
    lawmaker lawmakers legislator legislators senator senators representative
    representatives congressman congresswoman voter voters supporter supporters opponent
    opponents rival rivals resident residents activist activists advocate advocates
    expert experts analyst analysts aide aides adviser advisers advisor advisors
    strategist strategists spokesman spokeswoman spokesperson spokespeople president
    candidate candidates nominee nominees campaign campaigns administration government
    governments party parties group groups committee committees commission council
    agency agencies department ministry court courts judge judges justice justices
    police prosecutor prosecutors lawyer lawyers attorney attorneys company companies firm
    firms union unions organization organizations organisation organisations member
    members delegate delegates donor donors worker workers employee employees student
    students parent parents teacher teachers doctor doctors scientist scientists
    researcher researchers economist economists investor investors officer officers
    soldier soldiers troops military army rebels insurgents protesters demonstrators
    mayor governor chairman chairwoman chair chief director secretary minister editor
    editors reporter reporters writer writers author authors columnist columnists board
    team coalition alliance movement church network newspaper paper magazine outlet
    democrats republicans conservatives liberals progressives evangelicals
    administration's state states city cities country countries nation nations
    citizens americans host hosts moderator moderators pundit pundits commentator
    commentators fans backers allies ally father mother son daughter wife husband
    family friends friend colleague colleagues staff staffers operative operatives
    consultant consultants pollster pollsters boss ceo executive executives founder
    owner owners bishop pope priest rabbi rabbis imam clergy
    """
)

# Marks of a clause that tells when something happened ("as the crowd left", "while
# prices fell"): narration when it follows a cue or closes a stance's content. ("until"
# is not one: "urged them not to close it until ..." is part of the aim.)
OCCASION_MARKS = frozenset({"when", "whenever", "as", "after", "before", "while"})

# Endings of nouns for people ("businessman", "congresswomen", "economist", "politician"),
# and of nouns for things and ideas, never a name ("Leadership", "Generation").
PERSON_ENDINGS = ("man", "men", "ist", "ists", "ian", "ians")
ABSTRACT_ENDINGS = ("ship", "tion", "sion", "ment", "ness", "ity", "ing", "ism", "ence", "ance")

# Commands that open the furniture of a news page ("See photos ...", "Send tips to ...",
# "Read more"): a capitalised verb at the start that is no name.
COMMAND_VERBS = _words(
    """
    see send read watch click follow sign join visit subscribe share check get learn find
    download listen like contact email call tell let take make keep look note imagine
    consider remember vote help stop meet go do try support donate write
    """
)

# Plural titles before a list of names ("Govs. Tom Hale of Ohio and Ann Moss of Utah"):
# the splitter (sentences), the tokenizer (engine.load_model) and the name rules
# (claim_text._plural_title) keep them with the names.
PLURAL_TITLES = ("Govs", "Sens", "Reps", "Gens", "Drs", "Profs", "Revs", "Messrs")

# Pronouns for no one in particular ("Anyone who knows him knows he ...").
INDEFINITE_PRONOUNS = frozenset(
    {"anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody", "none"}
)

# Verbs whose object does what their infinitive says ("forced Berg to resign": Berg's
# act), unlike "used the speech to call for ..." (the subject's).
OBJECT_CONTROL_VERBS = _words(
    """
    force forced forces forcing compel compelled compels compelling persuade persuaded
    persuades persuading convince convinced convinces convincing get got gets getting
    cause caused causes causing allow allowed allows allowing let lets letting lead led
    leads leading help helped helps helping
    """
)

# Quantifiers that stand for people as a subject, holders of a view or a stance ("Many
# worried that ...", "Several opposed the plan", "All of them backed it").
QUANTIFIER_SUBJECTS = _words("many some others few most several all both")

# Nouns with a person's ending ("-man", "-ist", "-ian") that are not people.
NOT_PERSON_NOUNS = _words(
    """
    specimen abdomen regimen acumen stamen hymen
    """
)

# Nouns for a statement as an object: "issued a statement condemning X" (the author of
# the statement, not the statement, holds the stance).
SAYING_NOUNS = _words(
    """
    statement statements letter letters ad ads advertisement video videos tweet tweets post
    posts release message messages speech speeches interview remarks op-ed editorial
    column memo report reports email emails
    """
)

# Stance verbs that take their content only through a preposition, and which ones:
# "spoke about X" (not "spoke to reporters", "speak English"), "pointed to X".
PREP_STANCE = {
    "speak": frozenset({"about", "of", "against"}),
    "talk": frozenset({"about", "of", "against"}),
    "focus": frozenset({"on"}),
    "point": frozenset({"to"}),
    "refer": frozenset({"to"}),
    "allude": frozenset({"to"}),
    "rail": frozenset({"against", "at"}),
    "lash": frozenset({"out", "at", "against"}),
    "worry": frozenset({"about", "over"}),
}

# Verbs with a that-clause that is not what their subject says or holds: the clause is a
# condition, a result or a fact the subject brings about ("The law ensures that ...").
NOT_REPORTING_VERBS = _words(
    """
    ensure ensures ensured ensuring make makes made making mean means meant
    require requires required requiring provide provides provided providing
    see sees saw seen seeing
    """
)
