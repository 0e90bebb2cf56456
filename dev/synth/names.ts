// Name material for the synthetic districts. Lists are ordered by approximate US frequency (Census 2010
// surnames, SSA given names) and picked with Zipf weights, so common names repeat the way they do in a
// real district (many Smiths and Garcias, a long tail), which is what makes namesakes hard.
import { readFileSync } from 'node:fs';
import { type Random, WeightedList } from './random.ts';

const SURNAMES =
  `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell
Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez
Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell
Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan
Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran
Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas
Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt
Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce
Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews
Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Peña Richards Contreras Willis Carpenter Lawrence Sandoval
Guerrero George Chapman Rios Estrada Ortega Watkins Greene Nuñez Wheeler Valdez Harper Burke Larson Santiago Maldonado
Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen
Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch
Rojas Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta
Brewer May Holland Juarez Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Ávila
Wade Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier
Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings Watts Duran Walters Cohen
McDaniel Moran Parks Steele Vaughn Becker Holt DeLeon Barker Terry Hale Leon Benson Haynes Horton Miles Lyons Pham
Graves Bush Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles
Cervantes Solis Erickson Reeves Chang Klein Salinas Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin
Cummings Chandler Sharp Barber Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul Blair O'Connor Cardenas
Pacheco Cross Calderón Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano Fitzgerald Rosales Stevenson Christensen
Manning Gill Curry McLaughlin Harmon McGee Gross Doyle Garner Newton Burgess Reese Walton Blake Trujillo Adkins Brady
Goodman Roman Webster Goodwin Fischer Huang Potter Delacruz Montoya Todd Wu Hines Mullins Castañeda Malone Cannon Tate
Mack Sherman Hubbard Hodges Zhang Guerra Wolf Valencia Saunders Franco Rowe Gallagher Farmer Hammond Hampton Townsend
Ingram Wise Gallegos Clarke Barton Schroeder Maxwell Waters Logan Camacho Strickland Norman Person Colón Parsons Frank
Harrington Glover Osborne Buchanan Casey Floyd Patton Ibarra Ball Tyler Suarez Bowers Orozco Salas Cobb Gibbs Andrade
Bauer Conner Moody Escobar McGuire Lloyd Mueller Hartman French Kramer McBride Pope Lindsey Velazquez Norton McCormick
Sparks Flynn Yates Hogan Marsh Macias Villanueva Zamora Pratt Stokes Owen Ballard Lang Brock Villarreal Charles Drake
Barrera Cain Patrick Piña D'Angelo Nakamura Tanaka Yamamoto Hoang Vu Phan Truong Choi Cho Kang Shah Kumar Gupta Das
Okafor Adeyemi Mensah Diallo Haddad Nasser Kowalski Nowak Novak Ivanov Petrov Rossi Romano Ricci Bianchi Esposito
O'Neil McKenzie MacDonald Abernathy Fairweather`
    .split(/\s+/)
    .filter(Boolean);

const BOYS =
  `Liam Noah Oliver James Elijah William Henry Lucas Benjamin Theodore Mateo Levi Sebastian Daniel Jack Michael
Alexander Owen Asher Samuel Ethan Leo Jackson Mason Ezra John Hudson Luca Aiden Joseph David Jacob Logan Luke Julian
Gabriel Grayson Wyatt Matthew Maverick Dylan Isaac Elias Anthony Thomas Jayden Carter Santiago Ezekiel Charles Josiah
Caleb Cooper Lincoln Miles Christopher Nathan Isaiah Kai Joshua Andrew Angel Adrian Cameron Nolan Waylon Jaxon Roman Eli
Wesley Aaron Ian Christian Ryan Leonardo Brooks Axel Walker Jonathan Easton Everett Weston Bennett Robert Jameson Landon
Silas José Beau Micah Colton Jordan Jeremiah Parker Greyson Rowan Adam Nicholas Theo Xavier Hunter Dominic Jace Gael
River Thiago Kayden Damian August Carson Austin Myles Amir Declan Emmett Ryder Luka Connor Jaxson Milo Enzo Giovanni
Vincent Diego Luis Archer Harrison Kingston Atlas Jasper Sawyer Lorenzo Evan Jonah Chase Bryson Adriel Nathaniel Arthur
Juan George Cole Zion Jason Ashton Carlos Calvin Brayden Elliot Rhett Emiliano Ace Jayce Graham Max Braxton Leon Ivan
Hayden Jude Malachi Dean Tyler Jesús Zachary Kaiden Elliott Arlo Emmanuel Ayden Bentley Maxwell Amari Ryker Finn Antonio
Charlie Maddox Justin Judah Kevin Dawson Matteo Miguel Zayden Camden Alan Alex Nicolas Felix Alejandro Jesse Beckett
Matías Tucker Emilio Xander Knox Oscar Timothy Abraham Andrés Gavin Brody Barrett Jett Brandon Joel Victor Peter Abel
Edward Patrick Richard Grant Tristan Kyrie Blake Eric Griffin Rafael Israel Tate Lukas Nico Marcus Javier Omar Simon
Jeremy Louis Mark Lennox Callum Nash Kyler Dallas Preston Paxton Steven Zane Kaleb Phoenix Paul Kenneth Bryce Ronan
Walter Maximus Atticus Tobias Rory Brady Holden Jorge Malcolm Clayton Francisco Josué Brian Bryan Cyrus Jamal DeShawn
Darnell Tyrone Jalen Malik Trevon DeAndre Terrell Marquis Kwame Joaquín Rubén Héctor Raúl Ramón Minh Duc Bao Hiroshi
Kenji Wei Jun Arjun Rohan Aarav Vihaan Jae Hyun Mohammed Ahmed Yusuf Ibrahim Tomás Sergio Eduardo Fernando Ricardo`
    .split(/\s+/)
    .filter(Boolean);

const GIRLS =
  `Olivia Emma Charlotte Amelia Sophia Mia Isabella Ava Evelyn Luna Harper Sofia Camila Eleanor Elizabeth Violet
Scarlett Emily Hazel Lily Gianna Aurora Penelope Aria Nora Chloe Ellie Mila Avery Layla Abigail Ella Isla Eliana Nova
Madison Zoe Ivy Grace Lucy Willow Emilia Riley Naomi Victoria Stella Elena Hannah Valentina Maya Zoey Delilah Leah Lainey
Lillian Paisley Genesis Madelyn Sadie Sophie Leilani Addison Natalie Josephine Alice Ruby Claire Kinsley Everly Emery
Adeline Kennedy Maeve Audrey Autumn Athena Eden Iris Anna Eloise Jade María Caroline Brooklyn Quinn Aaliyah Vivian
Liliana Gabriella Hailey Sarah Savannah Cora Madeline Natalia Ariana Lydia Lyla Clara Allison Aubrey Millie Melody Ayla
Serenity Bella Skylar Josie Lucía Daisy Raelynn Eva Juniper Samantha Elliana Eliza Rylee Nevaeh Hadley Alaina Ximena
Katherine Kaylee Jasmine Margaret Isabelle Mariana Arianna Brielle Julia Mackenzie Jessica Ashley Jennifer Amanda
Stephanie Nicole Rebecca Rachel Megan Lauren Kayla Alexis Destiny Imani Jada Nia Tiana Keisha Ebony Precious Zoë Chloé
Renée Sofía Guadalupe Daniela Fernanda Mei Linh Thao Mai Yuki Sakura Priya Ananya Diya Fatima Aisha Mariam Noor Zainab
Inés Beatriz Alejandra Valeria Paola Andrea Gabriela Carmen Rosa Teresa Patricia Deborah Dorothy Susan Margarita Kathleen
Christina Jacqueline Veronica Cynthia Angela Melissa Michelle Kimberly Amy Heather Tiffany Crystal Brittany Danielle`
    .split(/\s+/)
    .filter(Boolean);

// Adults who teach today were named 25–60 years ago, so teacher names skew older than student names.
const ADULT_MEN =
  `Michael Christopher Matthew David James John Robert Joseph Daniel William Joshua Brian Jason Kevin Mark
Anthony Steven Jeffrey Timothy Richard Thomas Eric Andrew Ryan Scott Gregory Jonathan Justin Charles Patrick Paul Kenneth
Stephen Benjamin Jose Nicholas Aaron Adam Samuel Jeremy Gary Edward Donald Ronald Douglas Raymond Frank Peter Carlos Juan
Luis Jesús Rodney Terrence Darnell Reginald Andre Marcus Tyrone Alejandro Ricardo Hung Minh Sanjay Raj Wei`
    .split(/\s+/)
    .filter(Boolean);

const ADULT_WOMEN =
  `Jennifer Jessica Amanda Sarah Melissa Elizabeth Ashley Stephanie Nicole Heather Michelle Amy Kimberly
Angela Rebecca Lisa Laura Emily Rachel Megan Mary Susan Patricia Karen Linda Christina Kelly Lauren Julie Andrea Katherine
Christine Margaret Deborah Catherine Erin Samantha Danielle Rachael Maria Ana Carmen Rosa Guadalupe Tamika Latoya Keisha
Monique Ebony Shanice Renée Zoë Noemí Mei Linh Priya Anita Sun Hye Kathleen Dorothy Barbara Nancy Theresa Victoria`
    .split(/\s+/)
    .filter(Boolean);

// Invented names for the long tail: in a real district the few hundred most common surnames cover only
// about half of the people, and the rest have names shared by a handful. Without this tail every fifth
// child would share a first and last name with another, which no district does.
const SURNAME_STARTS =
  `Al Bel Bran Car Dal Ed Fair Gal Har Hol Kel Lind Mar Nor Ol Pem Quin Rad Sal Stan Tal Ver Wal
Wes Yar Zel Ash Bri Cor Dun Esp Fer Gar Hal Jar Kin Lor Mor Nav Or Pal Ros Sor Tor Val Vil Brom Chal Dres Gris Hux
Mal Pet Rud Sten Thorn Whit`
    .split(/\s+/)
    .filter(Boolean);
const SURNAME_MIDDLES = ['', '', 'a', 'e', 'i', 'o', 'en', 'er', 'in', 'an'];
const SURNAME_ENDS =
  `son ton ley ford man berg stein ski ez ov ini ard well wood sky ado ardo ino off ak ek ich ova aro
ell ett ham ing lin ner rick by field more dale worth`
    .split(/\s+/)
    .filter(Boolean);
const GIVEN_STARTS =
  `Ja Ka Ma Ra Bri Da Ky La Ni Sha Ta Za A E Jo Ke Mi Re Se Te Xa Ay Bra Cam Jay Kay Lu No Ro Vi`
    .split(/\s+/)
    .filter(Boolean);
const GIVEN_MIDDLES = ['', '', 'de', 'le', 'ri', 'na', 'ly', 'vi', 'ra', 'mi'];
const GIVEN_ENDS = `n den lyn ley ra na son ton el iah ari ah ya ce x ric ette ine`
  .split(/\s+/)
  .filter(Boolean);

function invented(random: Random, starts: string[], middles: string[], ends: string[]): string {
  return `${random.pick(starts)}${random.pick(middles)}${random.pick(ends)}`;
}

/** Shares of names drawn from the frequency-ordered lists; the rest come from the invented long tail. */
const LISTED_SURNAME_SHARE = 0.55;
const LISTED_GIVEN_SHARE = 0.65;

/**
 * Draws names with a realistic frequency profile: Smith about 1 % of people and the top given name about
 * 1.5 % of its gender (Zipf weights over the lists), plus an invented long tail.
 */
export class NamePools {
  private readonly surnames = WeightedList.zipf(SURNAMES, 0.5);
  private readonly boys = WeightedList.zipf(BOYS, 0.4);
  private readonly girls = WeightedList.zipf(GIRLS, 0.4);
  private readonly men = WeightedList.zipf(ADULT_MEN, 0.5);
  private readonly women = WeightedList.zipf(ADULT_WOMEN, 0.5);

  surname(random: Random): string {
    return random.chance(LISTED_SURNAME_SHARE)
      ? this.surnames.pick(random)
      : invented(random, SURNAME_STARTS, SURNAME_MIDDLES, SURNAME_ENDS);
  }

  /** Adults were named a generation earlier, so half of their names come from the older lists. */
  given(random: Random, female: boolean, adult: boolean): string {
    if (adult && random.chance(0.5)) return (female ? this.women : this.men).pick(random);
    return random.chance(LISTED_GIVEN_SHARE)
      ? (female ? this.girls : this.boys).pick(random)
      : invented(random, GIVEN_STARTS, GIVEN_MIDDLES, GIVEN_ENDS);
  }
}

/** Formal given name (lower case) → its nicknames (lower case), from data/nicknames/names.csv. */
export type NicknameTable = ReadonlyMap<string, readonly string[]>;

let loaded: NicknameTable | undefined;

function loadNicknames(): NicknameTable {
  const table = new Map<string, string[]>();
  const lines = readFileSync(new URL('../../data/nicknames/names.csv', import.meta.url), 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    const [name, relationship, nickname] = line.trim().split(',');
    if (relationship !== 'has_nickname' || !name || !nickname) continue;
    const list = table.get(name) ?? [];
    list.push(nickname);
    table.set(name, list);
  }
  return table;
}

/** The vendored table, read once per process. */
export function nicknames(): NicknameTable {
  loaded ??= loadNicknames();
  return loaded;
}

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * One keystroke error (substitution, deletion, insertion or transposition), away from the first letter
 * because people rarely mistype the letter a name starts with.
 */
export function oneTypo(random: Random, word: string): string {
  if (word.length < 3) return `${word}${random.pick([...LETTERS])}`;
  const at = random.between(1, word.length - 1);
  const letter = random.pick([...LETTERS]);
  const matchCase = (c: string) => (word[at] === word[at].toUpperCase() ? c.toUpperCase() : c);
  switch (random.int(4)) {
    case 0: {
      const replacement =
        letter === word[at].toLowerCase() ? LETTERS[(LETTERS.indexOf(letter) + 1) % 26] : letter;
      return word.slice(0, at) + matchCase(replacement) + word.slice(at + 1);
    }
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + matchCase(letter) + word.slice(at);
    default: {
      if (at === word.length - 1 || word[at] === word[at + 1]) return word.slice(0, at) + word.slice(at + 1);
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    }
  }
}

/** Lower-case ASCII letters only: the local part of a generated email address. */
export function emailPart(name: string): string {
  return stripAccents(name)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
