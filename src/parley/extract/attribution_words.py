"""Words that attribute: the verbs and nouns with which English news ties a source to what it said,
thought or stood for, by kind. General knowledge of the language, written by hand (no library lists
them by these kinds): the cue model (`parley.extract.cues`) reads a word's kind as a feature, so that
what it learns of the frequent members of a kind ("say", "criticize", "support") carries to the rare
ones it met a few times or never ("chide", "disparage", "reaffirm").

Kinds: `say` (verbs of speaking and writing), `think` (of believing, knowing, perceiving, wanting),
`judge` (of judging someone or something: praise and blame), `stand` (of taking a side or a course:
support, oppose, demand, promise), `noun` (nouns of what is said, thought or stood for), `leaning`
(adjectives of a stance or a state of mind: "is skeptical of", "was upbeat about", "is sure"), `holder`
(nouns of one who holds or voices a view: "a fervent supporter of", "a critic of", "a spokesman").
"""
from __future__ import annotations

_KINDS = {
    "say": """
        say tell state add note remark comment explain write tweet post blog announce declare proclaim report
        reveal disclose confirm deny admit acknowledge concede insist maintain argue contend claim assert allege
        suggest hint imply indicate signal mention cite quote repeat reiterate reaffirm stress emphasize
        emphasise underline underscore highlight point outline spell detail describe portray characterize
        characterise depict dub label brand term call name recount recall relate narrate joke quip boast brag
        complain lament grumble protest shout yell scream whisper mutter exclaim chant preach lecture speak talk
        discuss address answer reply respond retort counter rejoin testify inform notify brief warn caution
        threaten predict forecast estimate project calculate conclude summarize summarise ask inquire enquire
        question wonder muse speculate theorize theorise posit observe comment announce publish broadcast
        interview apologize apologise thank congratulate greet assure reassure promise swear vow pledge
        advise counsel recommend propose instruct order direct command tell rule decree
    """,
    "think": """
        think believe feel know guess suppose assume presume suspect doubt fear worry hope wish want expect
        anticipate imagine reckon consider regard view see deem judge understand realize realise recognize
        recognise notice remember forget learn discover find figure determine decide intend plan aim mean
        prefer like dislike love hate enjoy trust mistrust distrust mull ponder weigh contemplate envision
        envisage foresee perceive sense bet gamble count rely worry care mind seem appear sound look
    """,
    "judge": """
        praise applaud hail commend laud salute celebrate welcome credit thank congratulate compliment honor
        honour criticize criticise condemn denounce decry deplore blast slam attack assail lambaste chide scold
        rebuke reproach berate castigate excoriate censure deride mock ridicule lampoon satirize satirise
        disparage belittle dismiss downplay minimize minimise accuse blame fault charge indict smear impugn
        question challenge dispute contest refute rebut contradict debunk discredit defend justify excuse
        vindicate tout trumpet hype extol flatter insult slander libel malign vilify demonize demonise tar
        label brand
    """,
    "stand": """
        support back endorse champion advocate favor favour embrace adopt accept approve ratify sign sponsor
        promote push press lobby campaign urge demand request seek call plead appeal beg petition insist
        oppose reject resist refuse decline veto block boycott object protest condemn repudiate disavow renounce
        denounce abandon drop withdraw retract recant agree disagree concur side align ally distance vote
        commit pledge promise vow guarantee offer propose suggest threaten warn vowed reaffirm affirm uphold
        stand stick prioritize prioritise pursue tout favor
    """,
    "noun": """
        statement remark comment claim allegation accusation assertion argument announcement declaration
        report warning threat promise pledge vow demand request call appeal plea proposal suggestion
        recommendation prediction forecast estimate view opinion belief hope fear concern worry expectation
        assessment judgment judgement verdict conclusion finding criticism praise condemnation denunciation
        denial admission acknowledgment acknowledgement confirmation refusal rejection support opposition
        endorsement backing objection complaint protest speech address interview testimony letter tweet post
        message memo note insistence disagreement agreement position stance stand view vision case defense
        defence attack charge rebuke reproach critique explanation answer reply response retort assurance
        guarantee commitment offer ultimatum advice argument contention speculation rumor rumour suspicion
        doubt confidence skepticism scepticism doubt belief conviction impression perception understanding
        insight description portrayal characterization account version narrative story theory allegation
        announcement revelation disclosure acknowledgement plea call urging suggestion
    """,
    "leaning": """
        sure certain confident convinced unconvinced aware unaware clear adamant determined intent bent keen
        eager anxious reluctant willing unwilling ready open opposed supportive critical skeptical sceptical
        dubious doubtful suspicious wary cautious concerned worried afraid fearful nervous hopeful optimistic
        pessimistic upbeat bullish bearish enthusiastic lukewarm ambivalent indifferent loyal sympathetic
        hostile friendly partial fond proud ashamed sorry glad happy unhappy pleased displeased satisfied
        dissatisfied content disappointed frustrated angry furious upset outraged alarmed troubled dismayed
        shocked surprised unfazed unperturbed unimpressed impressed enamored enamoured committed devoted
        dedicated firm insistent vocal outspoken silent mum quiet unclear unsure uncertain undecided divided
        split torn persuaded
    """,
    "holder": """
        supporter backer defender champion advocate proponent promoter sponsor ally admirer fan follower
        devotee loyalist critic opponent detractor foe enemy adversary skeptic sceptic dissenter rival
        spokesman spokeswoman spokesperson representative envoy negotiator mediator source official aide
        adviser advisor analyst expert observer witness commentator
    """,
}

# lemma -> kind (a word of two kinds keeps the first: speaking before judging before standing)
KIND: dict[str, str] = {}
for _kind, _words in _KINDS.items():
    for _word in _words.split():
        KIND.setdefault(_word, _kind)
