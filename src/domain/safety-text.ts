// Reading free text for self-harm and suicide: deterministic word rules, no
// model, no network. Each text is cut into clauses; a clause that names a
// "concept" (wanting to die, self-harm, a plan or the means, a goodbye) is
// `risk` unless something in that clause makes it a `mention`: a negation in
// scope ("I no longer want to die"), a distant-past marker with nothing recent
// ("used to self-harm as a teenager"), a third-person subject ("my friend is
// suicidal"), quotation, or a clinical/media context ("we went over my safety
// plan"). The text takes its most serious clause, so "I used to cut. Last
// night I did it again." is risk. Rule families and corpus figures:
// docs/safety-detection.md. Every regular expression here is a plain
// alternation of fixed words with no nested quantifiers, so the cost is linear
// in the length of the text.

import { LiteralScan } from './literal-scan.js';
import { requiredLiterals } from './regex-anchors.js';

export type TextSafety = 'risk' | 'mention' | 'none';

/** A family of wording, and whether it is about the writer by its own words. */
interface Concept {
  family: string;
  re: RegExp;
  /** Always a mention (about someone else, the past, or the clinic by its own words). */
  mentionOnly?: boolean;
  /** Names the writer itself ("better off without me"), so no subject check. */
  self?: boolean;
}

const w = (source: string, flags = 'g') => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, flags);

const LIVE = '(?:live|exist|be alive|be here(?: anymore| any more| any longer| now)?(?= *$| *[.,;])|be here anymore|be here any ?more|go on|keep going|keep living|carry on|continue|wake up(?= *$| *[.,]| tomorrow| again| ever| anymore| any ?more| in the morning))';

const CONCEPTS: readonly Concept[] = [
  // Named outright, in any spelling people type ("sucidal", "suicidial", "suiside").
  { family: 'suicide', re: w('su+i?[cs]+i?d[a-z]*') },
  { family: 'suicide', re: w('kms|ctb|unaliv[a-z]*|sewer ?slide|self ?delete|catch the bus') },
  { family: 'kill-self', re: w('(?:kill+|killing|killed|kil|kills|off|offing|end|ending|unalive) myself') },
  { family: 'kill-self', re: w('(?:end|ending|ended|take|taking|took) my (?:own )?life') },
  { family: 'kill-self', re: w('(?:end|ending) (?:it|it all|everything|things)(?! with| off| on| up| for| at| there| here| early| soon with)') },
  { family: 'kill-self', re: w('(?:want|wanting|wants|wanted|wish|wished|ready|going|plan|planning|need|deserve|would like|like|trying|try|tempted|thinking about how|decided) to (?:just |finally |simply |fucking )?(?:die|be dead|not be alive|stop existing|not exist|disappear forever|disappear for good|disappear and (?:not|never) come back|disappear(?= *$| *[.,;]))(?! of| for| than| laughing| in (?:the|a)| happy| old| young| trying| doing)') },
  { family: 'kill-self', re: w('(?:should|might as well|may as well) (?:just )?(?:die|be dead|have died)(?! of| for| than| laughing)') },
  { family: 'kill-self', re: w('(?:wish|wished|wishing|hope|hoping) (?:that )?i (?:was|were|had been|could be|would be|would just be) (?:dead|gone|never born)') },
  { family: 'kill-self', re: w('(?:wish|wished|wishing) i (?:had |would have |would )?never (?:been born|existed|woke up)|wish i (?:did not|would not|could not|could stop to|could just stop|could) exist|(?:wish|want) i (?:could )?(?:just )?(?:disappear|stop existing|vanish)(?= *$| *[.,]| forever| for good)') },
  { family: 'kill-self', re: w('(?:rather|would rather|better off|want to be|wanted to be|wanting to be|like to be) (?:be )?dead|(?:i am|i would be|would be|be) better off dead') },
  // Not wanting to go on: the negation is part of the risk, not a way out of it.
  { family: 'not-live', re: w(`(?:do not|does not|not|never|no longer) (?:really |even |just |actually )?(?:want|wanna|wish|feel like|like|care) (?:to )?${LIVE}`), self: true },
  { family: 'not-live', re: w(`(?:not sure|do not know|dont know|unsure|doubt|wonder|wondering) (?:if |whether |that |why )?i (?:still |even |really )?(?:want|wanna|can|should|will) (?:to )?${LIVE}`), self: true },
  { family: 'not-live', re: w(`(?:do not|not) think i (?:want|can|will|could) (?:to )?${LIVE}`), self: true },
  { family: 'not-live', re: w('(?:can not|could not|cannot|unable to) (?:go on|keep going|carry on|keep living|live like this|take (?:it|this) (?:anymore|any more|much longer))|(?:can not|cannot) do this (?:anymore|any more|any longer)(?= *$| *[.,;])'), self: true },
  { family: 'not-live', re: w('(?:no|any|zero) (?:point|reason|purpose) (?:in |to |of )?(?:living|life|being alive|going on|keep going|keep living|carrying on|continuing|being here|existing|live|stay|staying|anymore|any more)|(?:no|any) (?:reason|point) for me to (?:live|keep going|go on|stay|be here|carry on|exist)|what is the (?:point|use) (?:of |in )?(?:living|life|being alive|going on|anymore|any more|existing|of it all|of anything|anything)'), self: true },
  { family: 'not-live', re: w('nothing (?:left )?(?:to live for|worth living for)|(?:life|living|existing|my life) (?:is |feels |seems )?(?:not|no longer|never|hardly) (?:worth (?:living|it)|worth anything)|(?:life|living) is pointless|not worth living'), self: true },
  { family: 'not-live', re: w('(?:tired|sick|exhausted|done|over|weary) (?:of|with) (?:living|life|being alive|existing|being here|it all|everything)(?! insurance)|want out of (?:this )?(?:life|it all|everything|this world)|(?:want|wanting|need) (?:it all|everything|this all|all of it|my life) to (?:stop|end|be over)'), self: true },
  { family: 'not-live', re: w('(?:sleep|fall asleep|go to sleep|going to sleep) (?:and )?(?:forever|for ever|and (?:never|not) wake|never to wake)|(?:hope|wish|pray|want|praying|hoping|wishing) (?:that )?i (?:do not|dont|would not|will not|never|just do not) wake up|(?:wish|want|hope) (?:i could |to |i would )?(?:just )?(?:not|never) wake up|(?:and|to) (?:just )?(?:never|not) wake up'), self: true },
  { family: 'not-live', re: w('(?:the )?(?:only|best|easiest|one) (?:way out|solution|option|answer|escape|exit|way to (?:stop|end) (?:it|this|the pain)) (?:is|would be|seems|left is) (?:to die|death|dying|suicide|to end it|to kill myself|ending it|not being here|to not be here)|(?:dying|death|being dead|not waking up|not existing|not being here|never waking up|ending it) (?:sounds|seems|would be|feels like it would be|looks) (?:like )?(?:a |such a |so )?(?:relief|peaceful|nice|good|better|easier|appealing|tempting|welcome|a way out|the answer)|(?:if|when) (?:tomorrow|the morning|morning) (?:does not|did not|never|would not|will not) come|(?:would not|do not|would|will not) mind (?:dying|not waking up|being dead|if i died|if i did not wake|if i do not wake)|(?:fine|okay|ok|happy|ready) (?:with|about)? ?(?:dying|not waking up|never waking up|if i died|if i do not wake)'), self: true },
  // Better off without me, a burden, nobody would notice.
  { family: 'burden', re: w('(?:better off|fine|okay|ok|better|happier|safer|free) (?:without me|if i (?:was|were|had|did|died|disappeared|am|just|never|wasnt|werent|would)|with me gone|when i am gone)|better without me|(?:i am|i feel like|i feel|feel like|i have become|im|just) (?:such |a huge |a |nothing but a |only a )?(?:huge )?burden'), self: true },
  { family: 'burden', re: w('(?:nobody|no one|noone|no body) (?:would|will|is going to|would even|will even|would really|even) (?:care|notice|miss me|mind|cry)(?: if i| when i|$| *[.,;])'), self: true },
  { family: 'burden', re: w('(?:happier|easier|better|lighter|relief) (?:for (?:everyone|everybody|them|all of them|my family|you all) )?(?:if|when|once) i (?:was|were|am|just|died|disappeared|killed|did not|was not|were not|had|left for good)'), self: true },
  { family: 'burden', re: w('(?:would|will) (?:anyone|anybody|they|people) (?:even )?(?:notice|care|miss me) if i'), self: true },
  // Self-harm.
  { family: 'self-harm', re: w('(?:cut|cutting|slit|slitting|slashed|slashing|scratched|scratching|carved|carving|burned|burning|sliced|slicing) (?:open )?(?:my|both) (?:wrists?|arms?|forearms?|thighs?|legs?|skin|stomach|hips?)|(?:until|till|til) (?:it|they|i) (?:bled|bleed)|self ?harm[a-z]*|self ?injur[a-z]*|(?:cut|cutting|cuts|burn|burning|burned|burnt|hurt|hurting|harm|harming|hit|hitting|scratch|scratching|starve|starving|punish|punishing|bruise|bruising|bleed|bleeding) myself(?! (?:shaving|cooking|chopping|by accident|accidentally|gardening|on (?:a|the|some|my)|while|with (?:the|a) (?:knife|razor|scissors|paper) (?:while|by)))') },
  { family: 'self-harm', re: w('(?:urge|urges|urging) to (?:cut|burn|hurt myself|self harm)|(?:been|started|start|keep|kept|began|used to|use to|want to|wanted to|need to|going to|relapsed and|relapsed|relapse and) (?:cut|cutting)(?: again| myself)?(?= *$| *[.,]| again| tonight| today| last| this| lately| recently| more| a lot| deeper| yesterday| on my)|(?:cut|cutting) again|(?:cut|cut myself) (?:tonight|last night|today|yesterday|this morning)|relapsed (?:on|into|with) (?:self harm|cutting|sh)') },
  { family: 'self-harm', re: w('(?:cut|cutting|harming|harm|hurting|hurt|killing|kill|kills|killed|cuts|harms|hurts|ended) (?:himself|herself|themselves|themself)|(?:took|take|takes|taking|end|ended|ending|ends) (?:his|her|their) (?:own )?life'), mentionOnly: true },
  // The means and a plan.
  { family: 'means', re: w('(?:lethal|fatal|deadly|toxic) (?:dose|doses|amount|amounts|dosage|quantity)|(?:garage|car) with the engine running|engine running in the (?:garage|car)|overdos[a-z]*|od on|(?:take|took|taking|swallow|swallowed|swallowing|down|downed) (?:all|every one|the rest|too many|a (?:bunch|handful|whole bottle|whole box|lot) of|the whole (?:bottle|box|pack|packet)|all of) (?:of )?(?:my |the |these |those )?(?:pills|meds|tablets|medication|medicine|sleeping pills|painkillers)|(?:stockpil|sav|hoard|collect|stash|count)(?:e|ed|ing|ing up|ed up|e up) (?:up )?(?:my |the |some )?(?:pills|meds|tablets|medication|painkillers|sleeping pills)|(?:pills|meds|tablets) (?:are |all )?(?:ready|lined up|counted out)|how many (?:pills|tablets|of my meds|painkillers|sleeping pills)') },
  { family: 'means', re: w('(?:bought|got|buy|buying|have|found|tied|tying|made|making|getting) (?:a |the |some )?(?:rope|noose|gun|razor blades?|blades?)(?! (?:for|to (?:climb|tie|cut the)|swing))|noose|(?:hang|hanging|hanged) myself') },
  { family: 'means', re: w('(?:thinking|think|thought|thoughts|dream|dreaming|fantasi[sz]e|fantasi[sz]ing) (?:about|of) (?:jumping|stepping in front|walking into traffic|driving (?:off|into)|crashing|drowning|hanging|the bridge|the tracks|overdosing|pills|dying|death|not being here|being dead|disappearing)|jump(?:ing|ed)? (?:off|from) (?:a |the |my )?(?:bridge|roof|building|balcony|cliff|ledge|tower|window|car park)|(?:step|stepping|stepped|walk|walking|throw|throwing|threw) (?:myself )?in front of (?:a |the )?(?:train|bus|car|truck|lorry|traffic)|(?:drive|driving|drove|crash|crashing|steer|steering) (?:my car |the car )?(?:into|off) (?:a |the )?(?:river|tree|wall|bridge|cliff|lake|oncoming|sea|ocean|truck|lorry|barrier)') },
  { family: 'plan', re: w('(?:have|made|make|making|got|writing|wrote|picked|chose|set) (?:a |the |my )?(?:plan|date|day|method)(?: and i know| for how| to (?:die|do it|end it|kill)| for when i)|i (?:know|have decided|decided|worked out|figured out) (?:how|when|where) i (?:will|would|am going to|want to|could|can) (?:do it|end it|die)|(?:research|researching|researched|looked up|look up|looking up|googled|googling|searched|searching) (?:for )?(?:ways|how|methods|the best way|painless ways?|the easiest way) (?:to )?(?:die|end it|kill|overdose|do it)|painless (?:way|ways|method) to') },
  // Goodbyes and putting affairs in order.
  { family: 'goodbye', re: w('(?:goodbye|farewell|suicide|last) (?:letter|letters|note|notes|messages|message|video)|(?:letters?|notes?) (?:to|for) (?:my |the )?[a-z]+ (?:to read |to open |for )?(?:after|when|once) i (?:am|have) (?:gone|dead|died)|(?:saying|say|said|wrote|writing) (?:my )?goodbyes?(?: to (?:everyone|everybody|the world|you all|all of you|my family|my kids|my friends|them|life))?(?= *$| *[.,]| to (?:everyone|everybody|the world|you all|all of you|my family|my kids|my friends|them|life))|goodbye (?:world|everyone|everybody|cruel world|all)|this is (?:my|the) last (?:entry|post|message|note|day|time)(?= *$| *[.,]| ever| on earth| i will write)') },
  { family: 'goodbye', re: w('(?:giving|gave|give|given) (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings|possessions|everything|pets?|cat|dog)(?: away)?(?=[^.,;]{0,80}(?:will not need|wont need|not going to need|will not be|no longer need|after i))|(?:giving|gave|give) (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings|possessions) away|(?:will not|wont|not going to|would not|will never) need (?:them|it|these|those|any of (?:it|this|them)|my [a-z]+|things|stuff)(?: anymore| any more| where i am going| after| soon)?(?= *$| *[.,]| anymore| any more| where i am| after| soon)|(?:will not|wont|not going to|may not|might not) be (?:around|here|alive) (?:much |for |for much |a lot )?(?:longer|long|anymore|any more|next (?:week|month|year)|by)|(?:do not|not) think i (?:will|am going to) be (?:around|here|alive)|(?:after|when|once) i am (?:gone|dead)(?! (?:on|for|to|from))|affairs in order|updated my will(?=[^.,;]{0,40}(?:before|so that|in case))') },
  // Coming back: the same act again, read with what came before it in the text.
  { family: 'recurrence', re: w('(?:did|done|doing|do|happened|it happened) (?:it|that) again|(?:did|done|doing|happened) again|relapsed|(?:slipped|slip) (?:up )?(?:again|last night|tonight|today)') },
  // Mentions by their own words: someone else's death, an attempt in the past, the clinic's questions.
  { family: 'other', re: w('(?:died|dies|die|death) by suicide|commit+ed suicide|(?:lost|lose) (?:[a-z]+ ){1,3}to suicide|(?:suicide|suicidal) (?:prevention|rates?|statistics|awareness|risk|hotline|helpline|line|crisis line|screening|ideation|attempt survivors?)|my (?:suicide )?attempts?(?! (?:at|to|on|of|with|in)(?![a-z]))|safety plan|(?:question|item) (?:9|nine)|(?:thoughts of|thinking (?:about|of)|want to|wanted to|urges? to) (?:hurting|harming|killing|cutting|hurt|harm|kill|cut) yourself|kill yourself|kys|(?:have not|had not|has not|not|never) (?:cut|self harmed|harmed|hurt myself|harmed myself)(?: myself)? (?:in|for|since)|(?:cut|self harm|sh|harm) (?:free|clean)|(?:glad|grateful|lucky|thankful) (?:that )?i (?:did not die|survived|made it through)'), mentionOnly: true },
];

const FIRST = new Set(['i', 'me', 'myself', 'mine']);
const THIRD = new Set([
  'he', 'she', 'they', 'him', 'her', 'them', 'his', 'hers', 'their', 'theirs', 'himself', 'herself', 'themselves', 'hes', 'shes', 'theyre',
  'you', 'your', 'yourself', 'someone', 'somebody', 'anyone', 'people', 'person', 'friend', 'friends', 'bestie', 'brother', 'sister', 'sibling',
  'mom', 'mum', 'mother', 'dad', 'father', 'son', 'daughter', 'cousin', 'uncle', 'aunt', 'auntie', 'grandma', 'grandmother', 'grandpa',
  'grandfather', 'granddad', 'nan', 'partner', 'husband', 'wife', 'boyfriend', 'girlfriend', 'ex', 'roommate', 'flatmate', 'housemate', 'coworker',
  'colleague', 'student', 'students', 'patient', 'patients', 'client', 'clients', 'character', 'kid', 'kids', 'child', 'children', 'man', 'woman',
  'guy', 'girl', 'boy', 'neighbour', 'neighbor', 'niece', 'nephew', 'teammate', 'classmate', 'veteran', 'veterans', 'celebrity', 'singer', 'actor',
  'author', 'narrator', 'protagonist', 'hero', 'teen', 'teens', 'teenager', 'teenagers', 'fiance', 'fiancee', 'stepdad', 'stepmom', 'member',
]);
const NEGATORS = new Set(['not', 'no', 'never', 'nor', 'without', 'zero', 'none', 'neither', 'denied', 'deny', 'denies', 'denying', 'stopped', 'quit', 'free']);
// "can not stop thinking about ...", "not sure", "no matter": a hedge or an intensifier, not a negation.
const NOT_A_NEGATION_AFTER = new Set(['sure', 'know', 'stop', 'help', 'okay', 'ok', 'fine', 'well', 'good', 'certain', 'matter', 'one', 'body', 'only', 'just', 'alright', 'coping', 'safe', 'doing', 'much', 'able', 'remember']);
const SCOPE_BREAKS = new Set(['|', 'and', 'but', 'because', 'cause', 'so', 'or', 'if', 'when', 'though', 'although', 'since', 'until', 'then', 'while']);

// A time long gone, or the event as history.
const PAST = w('those (?:years|days|months|times|nights)|(?:back|at) the time|the time (?:when )?i|that time (?:when )?i|far away now|behind me|a long time|used to|use to|when i was|when we were|as a (?:kid|child|teen|teenager|student|young|little)|(?:in|during|through) (?:high school|middle school|college|university|uni|school|my teens|my twenties|my thirties|my youth|my childhood|childhood|my adolescence|adolescence|the past|my past)|growing up|(?:years|months|decades|a year|a decade|a long time|ages|long) ago|back (?:then|in|when|at)|in (?:19|20)[0-9][0-9]|before (?:treatment|ketamine|therapy|the infusions?|my (?:sessions?|treatment|infusions?|meds|diagnosis|kids)|meds|medication|i got help|i started)|last (?:year|summer|winter|spring|fall|autumn|decade)|anniversary|survived|survivor|scars?|recovery|recovered|clean for|been clean|(?:been|it has been|it is been|its been) (?:a (?:year|month|decade)|[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|many|several|months|years|weeks|ages) [a-z ]{0,12}since|(?:for|in) most of my|at (?:age )?[0-9]{1,2}(?! (?:pills|am|pm))|when i was (?:younger|little|[0-9]+)|the old days|my old self|once upon', '');
// Now: overrides a past marker in the same clause.
const RECENT = w('today|tonight|this (?:morning|afternoon|evening|week|weekend|month)|last night|yesterday|right now|currently|lately|recently|again|still|these days|these past|past few|all day|all night|all week|at the moment|tomorrow|every day this', '');
// A clinic's question, a safety plan, a book or a film, a conditional: talk about it, not a present wish.
const CONTEXT = w('safety plan|phq|questionnaire|quiz|survey|screened|screening|intake|assessment|prevention|ideation|statistics|article|podcast|documentary|book|novel|essay|movie|film|series|episode|song|lyrics|character|poem|a study|the study|studies (?:show|on|about|suggest)|being studied|studied (?:for|as)|research (?:on|about|into)|tv show|the show|asked (?:me )?(?:if|whether|about|to rate)|rate my|on a scale|talked (?:with|to) (?:[a-z]+ ){1,4}about|asks (?:me )?(?:if|whether|about)|asking (?:me )?(?:if|whether|about)|the question|talked about|discussed|went over|support group|training|awareness|hotline|helpline|the word|the term|what to do if|if (?:it|the urge|they|those thoughts|that) ever|ever comes? back|warning signs|risk factors', '');
const AFTER_NEGATION = w('(?:is|are|has|have|had)(?: now| finally| completely| all| mostly)? (?:gone|over|passed|faded|stopped|disappeared|lifted|quiet|quieter|behind me)|stopped|went away|gone away|have faded|are fading|no more|not anymore|not any more|is a thing of the past', '');
const ELLIPTICAL_NO = /^(?:but )?(?:(?:i am|i do|i did|i have|i was|i would|i will|i dont|i could) )?(?:not|never|no)(?: really| anymore| any more| at all| though| actually)?$|^(?:no|nope|nah|not anymore|not any more|no longer|not now|not really|not at all|of course not|never)$/;
const FRONTED_MAX_TOKENS = 6;

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan't\b/g, 'can not'], [/\bwon't\b/g, 'will not'], [/\bain't\b/g, 'is not'], [/\bshan't\b/g, 'shall not'],
  [/n't\b/g, ' not'], [/'m\b/g, ' am'], [/'re\b/g, ' are'], [/'ve\b/g, ' have'], [/'ll\b/g, ' will'], [/\bi'd\b/g, 'i would'],
  [/'d\b/g, ' would'], [/\b(he|she|it|that|what|there|who)'s\b/g, '$1 is'],
];

// Words typed without an apostrophe, and the spellings people type fast.
const WORDS: Record<string, string> = {
  dont: 'do not', doesnt: 'does not', didnt: 'did not', cant: 'can not', cannot: 'can not', wont: 'will not', isnt: 'is not', arent: 'are not',
  wasnt: 'was not', werent: 'were not', havent: 'have not', hasnt: 'has not', hadnt: 'had not', wouldnt: 'would not', couldnt: 'could not',
  shouldnt: 'should not', aint: 'is not', im: 'i am', ive: 'i have', id: 'i would', whats: 'what is', thats: 'that is', theres: 'there is',
  youre: 'you are', theyre: 'they are', wanna: 'want to', wana: 'want to', wnat: 'want', wnt: 'want', wan: 'want', watn: 'want', gonna: 'going to',
  gotta: 'got to', tryna: 'trying to', abt: 'about', bc: 'because', cuz: 'because', coz: 'because', rn: 'right now', tn: 'tonight',
  tmrw: 'tomorrow', idk: 'i do not know', idc: 'i do not care', u: 'you', ur: 'your', ppl: 'people', kil: 'kill', kiling: 'killing', myslef: 'myself',
  mysefl: 'myself', myelf: 'myself', mself: 'myself', urself: 'yourself', dieing: 'dying', lyf: 'life', lif: 'life', anymroe: 'anymore',
  nomore: 'no more', noone: 'no one', everyones: 'everyone is', thru: 'through', alot: 'a lot', tbh: '', ngl: '', fr: '', lol: '', lmao: '', honestly: '', literally: '', seriously: '',
  slef: 'self',
};

const WORD_RE = new RegExp(`(?<![a-z0-9\u00c0-\u024f])(?:${Object.keys(WORDS).join('|')})(?![a-z0-9\u00c0-\u024f])`, 'g');

/** One text as lower-case words, with clause boundaries marked and quoted spans apart. */
interface Segment {
  text: string;
  quoted: boolean;
}

const QUOTE_INTRO = /(?:think|thinking|thought|tell myself|telling myself|told myself|say to myself|said to myself|to myself|in my head|my head|my brain|my mind|voice)\W*$/i;

/** Splits out quoted spans ("…", “…”, '…'), which report words rather than say them. */
const isDoubleMark = (c: string | undefined) => c === '"' || c === '\u201c' || c === '\u201d' || c === '\u00ab' || c === '\u00bb';
const LETTER = /\p{L}/u;
const LETTER_OR_PUNCT = /[\p{L}\p{P}]/u;

function quoteSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const n = text.length;
  // Forward-only cursors to the next closing mark and the next blank line, so the scan stays linear.
  let nextDouble = 0;
  let nextSingle = 0;
  let nextPara = 0;
  const advance = (from: number, at: number, ok: (j: number) => boolean) => {
    let j = Math.max(from, at);
    while (j < n && !ok(j)) j++;
    return j;
  };
  const isSingleClose = (j: number) => (text[j] === "'" || text[j] === '\u2019') && LETTER_OR_PUNCT.test(text[j - 1] ?? '') && !LETTER.test(text[j + 1] ?? '');
  const isParaBreak = (j: number) => text[j] === '\n' && text[j + 1] === '\n';
  let start = 0;
  let i = 0;
  while (i < n) {
    const ch = text[i]!;
    const isDouble = isDoubleMark(ch);
    const isSingleOpen = !isDouble && (ch === "'" || ch === '\u2018') && (i === 0 || /[\s([:,]/.test(text[i - 1]!)) && LETTER.test(text[i + 1] ?? '');
    if (!isDouble && !isSingleOpen) {
      i++;
      continue;
    }
    // The closing mark must come within the same paragraph and 300 characters, or this is not a quotation.
    nextPara = advance(nextPara, i + 1, isParaBreak);
    let close: number;
    if (isDouble) close = nextDouble = advance(nextDouble, i + 1, (j) => isDoubleMark(text[j]));
    else close = nextSingle = advance(nextSingle, i + 1, isSingleClose);
    if (close >= n || close > nextPara || close - i > 300) {
      i++;
      continue;
    }
    const before = text.slice(Math.max(start, i - 40), i);
    if (QUOTE_INTRO.test(before)) {
      i = close + 1; // the writer's own thought in quotation marks is still the writer's
      continue;
    }
    if (i > start) segments.push({ text: text.slice(start, i), quoted: false });
    segments.push({ text: text.slice(i + 1, close), quoted: true });
    start = close + 1;
    i = close + 1;
  }
  if (start < n) segments.push({ text: text.slice(start), quoted: false });
  return segments;
}

/** Lower-case words separated by single spaces; sentences end in "\n", clauses in " | ". */
function normalise(raw: string): string {
  // Each pass below that needs a character the text does not hold is skipped: most texts are one paragraph.
  let t = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  // A line break before a capital, a list marker or after end punctuation ends a sentence; otherwise it is a space.
  if (t.includes('\n')) t = t.replace(/\n(?=\s*(?:[-*\u2022]|\d+[.)]\s|\p{Lu}))/gu, '.\n').replace(/\n{2,}/g, '.\n');
  t = t
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'");
  // Every contraction has an apostrophe: a text without one skips those passes.
  if (t.includes("'")) {
    for (const [re, to] of CONTRACTIONS) t = t.replace(re, to);
    t = t.replace(/'/g, '');
  }
  t = t
    .replace(/[.!?;\u2026]+/g, ' . ')
    .replace(/[,:()[\]{}\u2013\u2014]|\s-\s/g, ' , ')
    // Emoji, symbols, digits' punctuation and other scripts become spaces (single spaces are left alone: far fewer replacements).
    .replace(/[^a-z0-9.,\u00c0-\u024f ]+|\.(?=[0-9])/g, ' ')
    .replace(WORD_RE, (word) => WORDS[word]!)
    .replace(/ {2,}/g, ' ')
    .trim();
  if (t.includes('my self')) t = t.replace(/\bmy self\b/g, 'myself');
  return t.includes('no body') ? t.replace(/\bno body\b/g, 'nobody') : t;
}

const CLAUSE_WORDS = / (?:but|however|although|though|whereas|yet|except) | (?:and|so) (?=(?:now|today|tonight|lately|these days|yesterday|last night|this (?:week|year|time|morning)|recently|currently)\b)/g;

// How far a clause is read around a match: a note typed without punctuation
// is one long clause, and this keeps the work per match bounded.
const REACH = 300;

interface Clause {
  text: string;
  /** Offset of the clause in the normalised text. */
  start: number;
  /** The separator before and after it: ',' within a sentence, ';' at a contrast, '.' between sentences, '' at the ends. */
  before: string;
  after: string;
}

function clauseAround(norm: string, from: number, to: number): Clause {
  const lo = Math.max(0, from - REACH);
  const back = norm.slice(lo, from);
  const cut = Math.max(back.lastIndexOf(' , '), back.lastIndexOf(' ; '), back.lastIndexOf(' . '));
  const start = cut < 0 ? lo : lo + cut + 3;
  const ahead = norm.slice(to, to + REACH);
  const ends = [ahead.indexOf(' , '), ahead.indexOf(' ; '), ahead.indexOf(' . ')].filter((i) => i >= 0);
  const end = ends.length ? to + Math.min(...ends) : Math.min(norm.length, to + REACH);
  return {
    text: norm.slice(start, end).replace(/^[.,;] |^[.,;]$| [.,;]$/g, ''),
    start,
    before: cut < 0 ? '' : back[cut + 1]!,
    after: ends.length ? norm[end + 1]! : '',
  };
}

function negatedBefore(tokens: readonly string[], at: number): boolean {
  for (let k = at - 1; k >= 0 && k >= at - 5; k--) {
    const t = tokens[k]!;
    if (SCOPE_BREAKS.has(t)) return false;
    if (NEGATORS.has(t) && !NOT_A_NEGATION_AFTER.has(tokens[k + 1] ?? '')) return true;
  }
  return false;
}

const someoneElse = (t: string) => THIRD.has(t) || (t.endsWith('s') && THIRD.has(t.slice(0, -1)));

function subjectIsSomeoneElse(tokens: readonly string[], at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const t = tokens[k]!;
    if (FIRST.has(t)) return false;
    if (someoneElse(t)) return true;
  }
  return false;
}

const ORDER: Record<TextSafety, number> = { none: 0, mention: 1, risk: 2 };

export interface TextReading {
  level: TextSafety;
  /** The rule family that decided it, for tests and docs. */
  family?: string;
}

interface Hit {
  concept: Concept;
  index: number;
  length: number;
}

// Literals one of which each rule's every match contains: a short text with
// none of them skips the rule without running it, so a first check-in does not
// pay to compile rules it cannot match (a long text is simply read through).
// The build works them out once (scripts/build.mjs, from this same list) and
// ships them as JSON; from the sources they are worked out on first use, not
// at import: every command that opens the database imports this module
// (through migration 9), and most never read text.
declare const __INTEGRATE_SAFETY_ANCHORS__: string | undefined;
let anchors: Map<Concept, string[] | null> | undefined;
function anchorsOf(concept: Concept): string[] | null | undefined {
  anchors ??= new Map(typeof __INTEGRATE_SAFETY_ANCHORS__ === 'string'
    ? (JSON.parse(__INTEGRATE_SAFETY_ANCHORS__) as (string[] | null)[]).map((a, i) => [CONCEPTS[i]!, a])
    : CONCEPTS.map((c) => [c, requiredLiterals(c.re.source)]));
  return anchors.get(concept);
}
const ANCHOR_TEXT_LIMIT = 20_000;
// Every rule's anchors found in one pass over the text (built on first use: a run that reads no text skips it).
let scan: LiteralScan | undefined;
const NO_ANCHORS: readonly string[] = [];

/** For each rule (in CONCEPTS order), whether it may match `norm`. */
function candidates(norm: string): boolean[] {
  if (norm.length > ANCHOR_TEXT_LIMIT) return CONCEPTS.map(() => true);
  scan ??= new LiteralScan(CONCEPTS.map((c) => anchorsOf(c) ?? NO_ANCHORS));
  const present = scan.present(norm);
  return CONCEPTS.map((c, i) => present[i]! || !anchorsOf(c));
}

function hits(norm: string): Hit[] {
  const found: Hit[] = [];
  const may = candidates(norm);
  for (const [i, concept] of CONCEPTS.entries()) {
    if (!may[i]) continue;
    concept.re.lastIndex = 0;
    for (let m = concept.re.exec(norm); m; m = concept.re.exec(norm)) {
      if (m[0] === '') concept.re.lastIndex++;
      else found.push({ concept, index: m.index, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

const hasConcept = (text: string) => {
  const may = candidates(text);
  return CONCEPTS.some((c, i) => {
    if (!may[i]) return false;
    c.re.lastIndex = 0;
    return c.re.test(text);
  });
};

/** One text, already normalised, with everything in it quoted or not. */
function readNormalised(norm: string, quoted: boolean, seenBefore: boolean): TextReading & { seen: boolean } {
  let best: TextReading = { level: 'none' };
  let seen = seenBefore;
  let seenBeforeClause = -1;
  for (const hit of hits(norm)) {
    const clause = clauseAround(norm, hit.index, hit.index + hit.length);
    const { concept } = hit;
    // "Did it again" is only about self-harm when the text named it in an earlier clause.
    if (concept.family === 'recurrence' && !(seenBefore || (seenBeforeClause >= 0 && seenBeforeClause < clause.start))) continue;
    if (concept.family !== 'recurrence' && seenBeforeClause < 0) seenBeforeClause = clause.start;
    seen = true;
    const offset = hit.index - clause.start;
    const tokens = clause.text.split(' ');
    const at = clause.text.slice(0, offset).split(' ').length - 1;
    let pastBefore = false;
    if (clause.before === ',') {
      // A short fronted clause ("Years ago," "When I was 15,") dates the clause after it.
      const prev = clauseAround(norm, clause.start - 3, clause.start - 3);
      pastBefore = prev.text.split(' ').length <= FRONTED_MAX_TOKENS && PAST.test(prev.text) && !hasConcept(prev.text);
    }
    const nextIsNo = (clause.after === ',' || clause.after === ';') && ELLIPTICAL_NO.test(clauseAround(norm, clause.start + clause.text.length + 3, clause.start + clause.text.length + 3).text);
    const afterNegated = AFTER_NEGATION.test(clause.text.slice(offset + hit.length));
    let level: TextSafety;
    if (concept.mentionOnly || quoted) level = 'mention';
    else if (negatedBefore(tokens, at) || afterNegated || nextIsNo) level = 'mention';
    else if (!concept.self && subjectIsSomeoneElse(tokens, at)) level = 'mention';
    else if (CONTEXT.test(clause.text)) level = 'mention';
    else if ((pastBefore || PAST.test(clause.text)) && !RECENT.test(clause.text)) level = 'mention';
    else level = 'risk';
    if (ORDER[level] > ORDER[best.level]) best = { level, family: concept.family };
    if (best.level === 'risk') break;
  }
  return { ...best, seen };
}

/** Reads one text: 'risk', 'mention' or 'none', taking its most serious clause. */
export function readSafetyText(text: string): TextReading {
  if (!text) return { level: 'none' };
  // The writer's own words, then everything quoted: each read in one pass over
  // the whole text (many short quotations cost no more than one long one).
  const segments = quoteSegments(text);
  const own = readNormalised(prepare(segments.filter((s) => !s.quoted).map((s) => s.text).join('.\n')), false, false);
  if (own.level === 'risk') return { level: own.level, family: own.family };
  const quotations = segments.filter((s) => s.quoted);
  // Nothing quoted reads as nothing found: most texts skip the second pass.
  if (!quotations.length) return own.level === 'none' ? { level: 'none' } : { level: own.level, family: own.family };
  const quoted = readNormalised(prepare(quotations.map((s) => s.text).join('.\n')), true, own.seen);
  const best = ORDER[quoted.level] > ORDER[own.level] ? quoted : own;
  return best.level === 'none' ? { level: 'none' } : { level: best.level, family: best.family };
}

/** Normalised words with clause separators (" , ") and sentence separators (" . "). */
function prepare(raw: string): string {
  // A contrast ("but", "and now") starts a clause of its own (" ; "), which a fronted past clause does not date.
  return ` ${normalise(raw)} `.replace(CLAUSE_WORDS, ' ; ').trim();
}

/** The rules' expressions and their anchors, for the tests that check the anchors are sound. */
export function safetyRules(): readonly { family: string; re: RegExp; anchors: string[] | null }[] {
  return CONCEPTS.map((c) => ({ family: c.family, re: c.re, anchors: anchorsOf(c) ?? null }));
}

export function classifySafetyText(text: string): TextSafety {
  return readSafetyText(text).level;
}
