/**
 * Word lists for the synthetic-data generator (bench/generate/generate.ts). Everything is plain ASCII so that
 * JavaScript string indexes equal PostgreSQL code-point offsets. Order matters: the generator picks words by
 * index, so editing a list changes the generated data for every seed.
 */

function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

/** Topic nouns of public controversies; sentences lean on these so full-text filters have hits. */
export const TOPIC_WORDS = words(`
  immigration police sanctuary border policy trust crime mayor budget election tax health climate school
  housing rent transit deportation asylum refugee detention warrant enforcement ordinance council vote ballot
  campaign funding grant deficit revenue pension wage labor union strike inflation economy jobs unemployment
  hospital vaccine insurance medicaid emission pollution drought flood wildfire energy pipeline tuition teacher
  curriculum safety policing shooting homicide burglary prison jail parole court judge lawsuit verdict
  corruption bribery audit contract zoning permit homelessness shelter opioid overdose abortion gun firearm
  surveillance privacy censorship misinformation protest riot curfew
`);

export const NOUNS = words(`
  account action activity administration adult advantage advocate agency agenda agent agreement aid aide
  airport alliance allocation allowance ambassador amendment amount analyst announcement answer apartment appeal
  application appointment approach approval area argument army arrest article assembly assessment asset
  assistance association attack attempt attention attorney audience authority average award background balance
  ban bank bar barrier base basis battle beach benefit bid bill billion block board body bond bonus border
  boundary branch breach bridge brief broadcast budget building bureau burden business cabinet call camera
  campus candidate capacity capital career case cash category cause ceiling center century chair chairman
  challenge chamber champion chance change channel chapter charge charity charter check chief child choice
  church circuit citizen city claim class classroom clerk client clinic coalition code collection college
  column commander comment commerce commission commissioner commitment committee community company comparison
  complaint component concern conclusion condition conference conflict congress connection consensus consequence
  constituent constitution consultant consumer contact content context contractor contribution control
  controversy convention conversation conviction cost counsel count counter country county couple coverage
  credit crisis criterion critic criticism crowd culture cut cycle damage data database date day deadline deal
  debate debt decade decision decline defendant defense delay delegate demand democracy department deputy
  design detail detective development difference director disaster discussion dispute district document dollar
  donation donor draft driver duty editor education effect effort election electorate element emergency
  employee employer employment endorsement enterprise entity environment episode estimate evaluation event
  evidence examination example exception executive exemption expansion expense experience expert explanation
  facility fact factor faculty failure family farm farmer fear feature federation fee figure file finance
  finding firm fiscal floor focus force forecast form forum foundation framework fraud freedom front fund
  future gap garden gathering gender generation goal government governor grade graduate grant ground group
  growth guard guidance guideline hall harm head headline hearing highway history holder home household
  hour house identity impact incentive incident income increase index industry influence initiative injury
  inquiry inspector institution instruction intelligence interest interview investigation investment investor
  island issue item journalist judgment jury justice key kind land landlord language law lawmaker lawyer layer
  leader leadership league leave legacy legislation legislator legislature lender lesson letter level liability
  license limit line list loan lobby lobbyist location loss majority manager mandate margin market measure
  mechanism media meeting member memo message method metro migrant migration military million minister
  minority minute mission model moment month motion movement murder nation neighborhood network news newspaper
  night notice number objection observer occasion offense offer office officer official operation opinion
  opponent opportunity option order organization outcome outlet output owner package panel parent park
  participant partner partnership party passenger patient pattern payment penalty percent percentage period
  person petition phase plan plant platform player pledge point poll population portion position post
  poverty power practice precinct premium presence president press pressure price principal principle priority
  problem procedure process product profit program project promise property proposal prosecutor protection
  provider provision public purpose quality quarter question race rally range rate rating reaction reader
  reality reason record recovery reform region regulation relationship release relief report reporter
  representative request requirement research resident resolution resource response responsibility result
  review right risk road role room rule ruling salary sale sample savings scale scandal schedule scheme scholar
  science season seat secretary sector security senate senator sentence series service session settlement
  share sheriff shift shortage side sign signal site situation size society source speaker speech spending
  spokesman spokeswoman sponsor staff stage standard state statement station statistic status statute step
  strategy street structure student study subsidy suburb success suit summary summit supervisor supply support
  supporter survey suspect system table target task taxpayer team technology tenant term territory test
  testimony threat threshold ticket time title total town track trade tradition traffic trend trial trip
  truck trustee truth type union unit university user utility value vendor version veteran victim video view
  village violation violence visa visit voice volunteer voter wage war ward warning waste water way wealth
  week welfare while witness woman worker workforce world writer year youth zone
`);

export const IRREGULAR_PLURALS: Record<string, string> = {
  child: "children",
  person: "people",
  woman: "women",
  crisis: "crises",
  criterion: "criteria",
  analysis: "analyses",
  chairman: "chairmen",
  spokesman: "spokesmen",
  spokeswoman: "spokeswomen",
  data: "data",
  media: "media",
  news: "news",
  police: "police",
  economy: "economies",
  safety: "safety",
  labor: "labor",
  health: "health",
  climate: "climate",
  energy: "energy",
  privacy: "privacy",
  poverty: "poverty",
  trust: "trust",
  evidence: "evidence",
  misinformation: "misinformation",
  homelessness: "homelessness",
  corruption: "corruption",
  bribery: "bribery",
  inflation: "inflation",
  unemployment: "unemployment",
  immigration: "immigration",
  enforcement: "enforcement",
  policing: "policing",
  surveillance: "surveillance",
  censorship: "censorship",
  curriculum: "curricula",
  while: "whiles",
};

export const VERBS = words(`
  accept accuse achieve acknowledge acquire act adapt add address adjust admit adopt advance advise advocate
  affect afford aim allege allocate allow alter amend analyze announce answer anticipate appeal appear apply
  appoint approve argue arrange arrest assert assess assign assist assume assure attack attempt attend attract
  audit authorize avoid back balance ban bargain believe benefit block boost borrow breach brief broadcast
  build burden calculate call campaign cancel capture cause caution celebrate challenge change charge cite
  claim clarify classify clear close collapse collect combat comment commit compare compensate compete complain
  complete comply compromise conceal concede conclude condemn conduct confirm confront connect consider
  consolidate constrain consult contain contest continue contract contribute control convene convert convict
  convince cooperate coordinate correct cost count counter cover create credit criticize curb cut damage debate
  decide declare decline decrease defeat defend defer define delay delegate deliver demand deny deploy deport
  deserve design destroy detain detect determine develop dismiss displace dispute disrupt distort distribute
  divert divide document donate double downplay draft drive drop earn ease educate elect eliminate embrace
  emerge emphasize employ enable enact encourage endorse enforce engage ensure enter establish estimate evaluate
  examine exceed exclude excuse execute exempt expand expect expose extend fail favor file finance fix focus
  follow force forecast form frame freeze fuel fund gather generate govern grant guarantee halt handle harm
  hire host identify ignore illustrate impact implement impose improve include incorporate increase indicate
  influence inform inherit initiate injure inspect install instruct insure integrate intend interpret intervene
  introduce invest investigate invite involve issue join judge justify keep label launch lead leak lease
  legalize limit link list lobby locate lower maintain manage mandate manipulate mark measure mention merge
  minimize misrepresent mislead mobilize modify monitor motivate move negotiate nominate note notify object
  observe obtain occupy offer open operate oppose order organize outline outnumber overhaul oversee overstate
  overturn owe participate pass patrol pay permit persuade petition pick place plan pledge point police
  postpone predict prefer prepare present preserve press prevent process produce prohibit project promise
  promote propose prosecute protect protest prove provide publish punish pursue push question raise rank
  reach react recall receive recognize recommend reconsider record recover recruit reduce refer reflect reform
  refuse regulate reinforce reject release relocate rely remain remove renew repeal replace report represent
  request require rescue resign resist resolve respond restore restrict result retain retire return reveal
  review revise ruin rule sanction save schedule screen secure seek seize select sentence separate serve settle
  share shift shut sign signal slash solve spark spend sponsor stabilize stall state steer stop strengthen
  strike struggle submit subsidize succeed suggest summarize supply support suppress surge survey suspend
  sustain target tax testify threaten tighten track train transfer transform treat triple undermine unveil
  update uphold urge use vacate validate verify veto violate visit vote waive warn weaken welcome widen win
  withdraw witness worsen
`);

export const IRREGULAR_PAST: Record<string, string> = {
  build: "built",
  broadcast: "broadcast",
  cost: "cost",
  cut: "cut",
  drive: "drove",
  drop: "dropped",
  keep: "kept",
  lead: "led",
  mislead: "misled",
  pay: "paid",
  plan: "planned",
  ban: "banned",
  seek: "sought",
  shut: "shut",
  strike: "struck",
  win: "won",
  withdraw: "withdrew",
  stop: "stopped",
  slash: "slashed",
  freeze: "froze",
  spend: "spent",
  admit: "admitted",
  commit: "committed",
  permit: "permitted",
  submit: "submitted",
  control: "controlled",
  patrol: "patrolled",
  label: "labeled",
  occupy: "occupied",
  pick: "picked",
  overstate: "overstated",
  refer: "referred",
  defer: "deferred",
  prefer: "preferred",
  rely: "relied",
  supply: "supplied",
  veto: "vetoed",
  back: "backed",
  shift: "shifted",
};

export const ADJECTIVES = words(`
  able absolute academic acceptable accurate active actual additional adequate administrative adverse
  affordable aggressive alarming alleged alternative ambitious ample annual anonymous apparent appropriate
  arbitrary average aware bad basic bipartisan bitter blunt bold brief broad broken budgetary busy careful
  central certain chronic civic civil clear close coastal collective commercial common comparable competitive
  complete complex comprehensive concerned confidential conservative considerable consistent constitutional
  contentious continued controversial correct costly critical crucial cultural current damaging dangerous
  decisive deep defensive deliberate democratic dense dependent detailed difficult direct disputed distinct
  diverse domestic dominant dramatic dubious early economic educational effective efficient elderly elected
  electoral eligible emergency enormous entire environmental equal essential ethnic everyday excessive
  exclusive existing expensive experimental explicit extensive external extra extreme fair false familiar
  federal final financial firm fiscal flawed foreign formal former frequent fresh full fundamental further
  general genuine global good gradual grave gross growing harmful harsh heavy hidden high historic honest
  hostile huge illegal immediate important impossible inaccurate inadequate incomplete incorrect increasing
  independent indirect individual industrial inevitable influential informal initial innocent internal
  international investigative key known large late legal legislative legitimate liberal likely limited literal
  local long low loyal main major mandatory marginal massive medical minimal minor misleading moderate modest
  municipal mutual narrow national native natural necessary negative neighboring net new nominal normal
  notable obvious occasional official ongoing open opposite ordinary organized original outdated outside
  overall overdue parallel partial partisan past peaceful permanent persistent personal physical plausible
  political poor popular positive possible potential powerful practical precise preliminary present previous
  primary prior private procedural productive professional prominent proper proposed prospective public
  questionable quiet radical random rapid rare real reasonable recent regional regular related relevant
  reliable reluctant remote renewed representative residential respective responsible restrictive rising
  risky robust rough routine rural safe scientific secondary secret selective senior sensitive separate
  serious severe sharp short significant similar simple sincere single skeptical slight slow small social
  solid special specific stable stark statewide steady steep strategic strict strong structural subsequent
  substantial successful sudden sufficient suitable superior supportive surprising suspicious sustainable
  systematic technical temporary tense total tough traditional transparent troubled typical unclear
  uncertain underlying unexpected unfair unfounded uniform unique unlawful unlikely unnecessary unpaid
  unprecedented unpopular unrelated unusual unverified upcoming urban urgent useful valid various vast
  verbal viable violent visible vital vocal volatile voluntary vulnerable weak wealthy wide widespread
  wrong young
`);

export const ADVERBS = words(`
  actually allegedly already apparently approximately barely broadly carefully clearly closely consistently
  currently deeply directly dramatically easily effectively entirely especially essentially eventually
  exactly explicitly fairly finally firmly formally frequently fully generally gradually greatly heavily
  highly immediately increasingly initially largely lately likely mainly merely mostly narrowly nearly
  necessarily newly normally notably officially openly originally partly permanently personally plainly
  politically possibly previously primarily privately probably promptly properly publicly quickly quietly
  rapidly rarely readily really recently regularly relatively repeatedly reportedly roughly routinely
  seriously sharply significantly simply slightly slowly specifically steadily strictly strongly
  substantially successfully suddenly temporarily theoretically typically ultimately unanimously
  unexpectedly unfairly usually widely
`);

export const PREPOSITIONS = words(`
  in across within throughout near around beyond under over against toward for among between despite after
  before during since without
`);

export const SAY_VERBS = words(`
  said argued claimed noted insisted suggested stated asserted warned alleged maintained contended added
`);

export const FIRST_NAMES = words(`
  James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph
  Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra
  Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Dorothy Kevin Carol Brian
  Amanda George Melissa Edward Deborah Ronald Stephanie Timothy Rebecca Jason Sharon Jeffrey Laura Ryan
  Cynthia Jacob Kathleen Gary Amy Nicholas Shirley Eric Angela Jonathan Helen Stephen Anna Larry Brenda
  Justin Pamela Scott Nicole Brandon Emma Benjamin Samantha Samuel Katherine Gregory Christine Frank Debra
  Alexander Rachel Raymond Catherine Patrick Carolyn Jack Janet Dennis Ruth Jerry Maria Tyler Heather Aaron
  Diane Jose Virginia Adam Julie Henry Joyce Nathan Victoria Douglas Olivia Zachary Kelly Peter Christina
  Kyle Lauren Walter Joan Ethan Evelyn Jeremy Judith Harold Megan Keith Cheryl Christian Andrea Roger Hannah
  Noah Martha Gerald Jacqueline Carl Frances Terry Gloria Sean Ann Austin Teresa Arthur Kathryn Lawrence Sara
  Jesse Janice Dylan Jean Bryan Alice Joe Madison Jordan Doris Billy Abigail Bruce Julia Albert Judy Willie
  Grace Gabriel Denise Logan Amber Alan Marilyn Juan Beverly Wayne Danielle Roy Theresa Ralph Sophia Randy
  Marie Eugene Diana Vincent Brittany Russell Natalie Elijah Isabella Louis Charlotte Bobby Rose Philip
  Alexis Johnny Kayla Carlos Luis Miguel Ana Rosa Elena Ahmed Fatima Mohammed Wei Mei Hiroshi Yuki Priya Raj
  Anil Deepa Kwame Amara Tomasz Agnieszka Ivan Olga Lars Ingrid Sean Siobhan Mateo Camila Diego Lucia
`);

export const LAST_NAMES = words(`
  Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
  Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
  Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall
  Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes
  Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard
  Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
  Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman
  Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham
  Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens
  Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry
  Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder
  Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills
  Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley
  Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan
  Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews
  Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega
  Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin
  Dominguez Carr Lawson Jacobs Obrien Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson
  Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas
  Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson
  Acosta Brewer May Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro
  Figueroa Keller Avila Wade Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda
  Byrd Craig Ayala Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz
  Norris Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Deleon Barker
  Terry Hale Leon Hail Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera McKinney
  Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson Reeves Chang Klein
  Salinas Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin Cummings Chandler Sharp Barber
  Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul Blair Oconnor Cardenas Pacheco Cross Calderon
  Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald Rosales Stevenson Christensen Manning Gill
  Curry McLaughlin Harmon McGee Gross Doyle Garner Newton Burgess Reese Walton Blake Trujillo Adkins Brady
  Goodman Roman Webster Goodwin Fischer Huang Potter Delacruz Montoya Todd Wu Hines Mullins Castaneda Malone
  Cannon Tate Mack Sherman Hubbard Hodges Zhang Guerra Wolf Valencia Saunders Franco Rowe Gallagher Farmer
  Hammond Hampton Townsend Ingram Wise Gallegos Clarke Barton Schroeder Maxwell Waters Logan Camacho Strickland
  Norman Person Colon Parsons Frank Harrington Glover Osborne Buchanan Casey Floyd Patton Ibarra Ball Tyler
  Suarez Bowers Orozco Salas Cobb Gibbs Andrade Bauer Conner Moody Escobar McGuire Lloyd Mueller Hartman
  French Kramer McBride Pope Lindsey Velazquez Norton McCormick Sparks Flynn Yates Hogan Marsh Macias Villanueva
  Zamora Pratt Stokes Owen Ballard Lang Brock Villarreal Charles Drake Barrera Cain Patrick Pineda Burnett
  Mercado Santana Shepherd Bautista Ali Shaffer Lamb Trevino McKenzie Hess Beil Olsen Cochran Morton Nash
  Wilkins Petersen Briggs Shah Roth Nicholson Holloway Lozano Rangel Flowers Hoover Short Arias Mora Valenzuela
  Bryan Meyers Weiss Underwood Bass Greer Summers Houston Carson Morrow Clayton Whitaker Decker Yoder Collier
  Zuniga Carey Wilcox Melendez Poole Roberson Larsen Conley Davenport Copeland Massey Lam Huff Rocha Cameron
  Jefferson Hood Monroe Anthony Pittman Huynh Randall Singleton Kirk Combs Mathis Christian Skinner Bradford
  Richard Galvan Wall Boone Kirby Wilkinson Bridges Bruce Atkinson Velez Meza Roy Vincent York Hodge Villa
  Abbott Allison Tapia Gates Chase Sosa Sweeney Farrell Wyatt Dalton Horn Barron Phelps Yu Dickerson Heath
  Foley Atkins Mathews Bonilla Acevedo Benitez Zavala Hensley Glenn Cisneros Harrell Shields Rubio Huffman
  Choi Boyer Garrison Arroyo Bond Kane Hancock Callahan Dillon Cline Wiggins Grimes Arellano Melton ONeill
  Savage Ho Beltran Pitts Parrish Ponce Rich Booth Koch Golden Ware Brennan McDowell Marks Cantu Humphrey
  Baxter Sawyer Clay Tanner Hutchinson Kaur Berg Wiley Gilmore Russo Villegas Hobbs Keith Wilkerson Ahmed
  Beard McClain Montes Mata Rosario Vang Walter Henson Oneal Mosley McClure Beasley Stephenson Snow Huerta
  Preston Vance Barry Johns Eaton Blackwell Dyer Prince Macdonald Solomon Guevara Stafford English Hurst
  Woodard Cortes Shannon Kemp Nolan McCullough Merritt Murillo Moon Salgado Strong Kline Cordova Barajas
  Roach Rosas Winters Jacobson Lester Knox Bullock Kerr Leach Meadows Orr Davila Whitehead Pruitt Kent Conway
  McKee Barr David Dejesus Marin Berger McIntyre Blankenship Gaines Palacios Cuevas Bartlett Durham Dorsey
  McCall ODonnell Stein Browning Stout Lowery Sloan McLean Hendricks Calhoun Sexton Chung Gentry Hull Duarte
  Ellison Nielsen Gillespie Buck Middleton Sellers Leblanc Esparza Hardin Bradshaw McIntosh Howe Livingston
  Frost Glass Morse Knapp Herman Stark Bravo Noble Spears Weeks Corona Frederick Buckley McFarland Hebert
  Enriquez Hickman Quintero Randolph Schaefer Walls Trejo House Reilly Pennington Michael Conrad Giles Benjamin
  Crosby Fitzpatrick Donovan Mays Mahoney Valentine Raymond Medrano Hahn McMillan Small Bentley Felix Peck
  Lucero Boyle Hanna Pace Rush Hurley Harding McConnell Bernal Nava Ayers Everett Ventura Avery Pugh Mayer
  Bender Shepard McMahon Landry Case Sampson Moses Magana Blackburn Dunlap Gould Duffy Vaughan Herring McKay
  Espinosa Rivers Farley Bernard Ashley Friedman Potts Truong Costa Correa Blevins Nixon Clements Fry
  Delarosa Best Benton Lugo Portillo Dougherty Crane Haley Phan Villalobos Blanchard Horne Finley Quintana
  Lynn Esquivel Bean Dodson Mullen Xiong Hayden Cano Levy Huber Richmond Moyer Lim Frye Sheppard McCarty
  Avalos Booker Waller Parra Woodward Jaramillo Krueger Rasmussen Brandt Peralta Donaldson Stuart Faulkner
  Maynard Galindo Coffey Estes Sanford Burch Maddox Vo OConnell Vu Andersen Spence McPherson Church Schmitt
  Stanton Leal Cherry Compton Dudley Sierra Pollard Alfaro Hester Proctor Lu Hinton Novak Good Madden McCann
  Terrell Jarvis Dickson Reyna Cantrell Mayo Branch Hendrix Rollins Rowland Whitney Duke Odom Daugherty
  Travis Tang Archer
`);

/** Syllables for invented town names ("Oakfield", "Millbrook"). */
export const PLACE_HEADS = words(`
  Oak Maple Cedar Pine Elm Ash Birch Willow River Lake Spring Mill Stone Rock Iron Silver Gold Green Red
  Black White Brook Fair Glen Haven Wood Fox Deer Eagle Hawk Bear Wolf Clear Bright Shady Sunny North South
  East West Port Bay Harbor Rich Stan Brad Ches Dor Ash Lan Mar Nor Wex Kings Queens Hamp Lex Ever
`);

export const PLACE_TAILS = words(`
  field ton ville burg brook dale wood ford port view side land mont ridge haven crest wick stead bury mouth
  well worth ham chester minster gate shire hurst cliff grove
`);

export const STATES = words(`
  Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho
  Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi
  Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia
  Washington Wisconsin Wyoming
`);

export const NEWS_SUFFIXES = words(`
  Times Herald Tribune Gazette Post Chronicle Journal Ledger Courier Observer Sentinel Examiner Dispatch
  Register Record Independent Beacon Monitor Bulletin Star
`);

export const ORG_NOUNS = words(`
  Alliance Coalition Institute Foundation Association Council Center Network Project Partnership Trust Fund
  Society League Initiative Collective Forum Federation Group Committee
`);

export const COMPANY_SUFFIXES = words(`Inc. LLC Corp. Holdings Partners Group Industries Systems Services`);

export const GOV_NOUNS = [
  "City Council",
  "Police Department",
  "Board of Supervisors",
  "School Board",
  "Department of Health",
  "Housing Authority",
  "Transit Authority",
  "Sheriff's Office",
  "Board of Elections",
  "Planning Commission",
  "Department of Corrections",
  "Office of the Mayor",
  "County Commission",
  "Fire Department",
  "Budget Office",
  "Immigration Court",
  "District Attorney's Office",
  "Department of Transportation",
  "Water Board",
  "Office of the Inspector General",
];

export const GROUP_FORMS = [
  "{P} Tenants Union",
  "Friends of {P} Parks",
  "{P} Residents for {T}",
  "Concerned Citizens of {P}",
  "{P} Immigrant Rights Network",
  "{P} Police Officers Association",
  "{P} Taxpayers League",
  "{P} Parents for Safer Schools",
  "{P} Youth Climate Strike",
  "{P} Small Business Owners",
  "{P} Faith Leaders Coalition",
  "{P} Neighborhood Watch",
  "Veterans of {P}",
  "{P} Teachers Union",
  "{P} Nurses Guild",
];

export const POLICY_FORMS = [
  "{P} Sanctuary Ordinance",
  "{P} {T} Reform Act",
  "Proposition {N}",
  "Measure {L}",
  "{P} {T} Bond",
  "{S} Senate Bill {N}",
  "{S} House Bill {N}",
  "{P} Trust Act",
  "{P} Rent Stabilization Ordinance",
  "{P} Police Accountability Act",
  "{P} Clean Air Plan",
  "{P} School Funding Formula",
];

export const EVENT_FORMS = [
  "{Y} {P} Mayoral Election",
  "{Y} {P} Budget Hearing",
  "{P} {T} Town Hall ({Y})",
  "{Y} {S} Primary",
  "{P} Flood of {Y}",
  "{Y} {P} Council Vote on {T}",
  "{P} Border Summit {Y}",
  "{Y} {P} Police Shooting",
  "{P} {T} Protest ({Y})",
  "{Y} {S} Gubernatorial Debate",
];

export const TOPIC_FORMS = ["{T}", "{T} in {P}", "{T} policy", "{T} and {T2}", "{P} {T} debate", "{S} {T}"];

export const PERSON_ROLES = [
  "mayor of {P}",
  "city council member in {P}",
  "police chief of {P}",
  "sheriff of {P} County",
  "state senator from {S}",
  "state representative from {S}",
  "governor of {S}",
  "immigration lawyer in {P}",
  "community organizer in {P}",
  "reporter covering {T}",
  "economist specializing in {T}",
  "spokesperson for the {P} Police Department",
  "candidate for mayor of {P}",
  "school board member in {P}",
  "professor of public policy",
  "activist focused on {T}",
  "business owner in {P}",
  "pastor in {P}",
  "commentator on {T}",
  "former prosecutor in {S}",
];

/** The ~20 fact-checking organizations; each has its own rating vocabulary. */
export const FACT_CHECKERS: Array<{ name: string; scale: number }> = [
  { name: "TruthMeter", scale: 0 },
  { name: "FactWatch", scale: 1 },
  { name: "The Verify Desk", scale: 2 },
  { name: "CheckPoint News", scale: 3 },
  { name: "Claim Tracker", scale: 0 },
  { name: "Lead Stories Review", scale: 2 },
  { name: "Civic Fact Lab", scale: 1 },
  { name: "The Fact Ledger", scale: 0 },
  { name: "Statehouse Truth Squad", scale: 3 },
  { name: "Border Fact Check", scale: 2 },
  { name: "Metro Fact Desk", scale: 1 },
  { name: "Numbers Check", scale: 3 },
  { name: "The Pinocchio Report", scale: 1 },
  { name: "Reality Check Project", scale: 2 },
  { name: "Open Record Fact Check", scale: 0 },
  { name: "Science Feedback Desk", scale: 3 },
  { name: "Campaign Claims Monitor", scale: 0 },
  { name: "Public Eye Fact Check", scale: 2 },
  { name: "Gulf Coast Fact Finder", scale: 1 },
  { name: "Northern Verify", scale: 3 },
];

/** Rating labels per scale, indexed like the normalized_rating enum (TRUE .. UNPROVEN). */
export const RATING_LABELS: string[][][] = [
  [["True"], ["Mostly True"], ["Half True"], ["Mostly False"], ["False", "Pants on Fire!"], ["Unproven"]],
  [
    ["Geppetto Checkmark"],
    ["One Pinocchio"],
    ["Two Pinocchios"],
    ["Three Pinocchios"],
    ["Four Pinocchios"],
    ["Verdict Pending"],
  ],
  [
    ["Correct"],
    ["Mostly Correct"],
    ["Mixture", "Needs Context"],
    ["Misleading"],
    ["Incorrect", "Fabricated"],
    ["Unsupported"],
  ],
  [
    ["Accurate"],
    ["Largely Accurate"],
    ["Partly False", "Cherry-Picked"],
    ["Mostly Inaccurate"],
    ["Inaccurate", "Fake"],
    ["Unverifiable"],
  ],
];
