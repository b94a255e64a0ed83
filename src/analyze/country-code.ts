// Continent of each ISO 3166-1 alpha-2 code, as GeoNames assigns them
// (https://download.geonames.org/export/dump/countryInfo.txt, column "Continent").
const CONTINENT_MEMBERS: Readonly<Record<string, string>> = {
  AF:
    "DZ AO BJ BW BF BI CV CM CF TD KM CD CG CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA " +
    "MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW",
  AN: "AQ BV GS HM TF",
  AS:
    "AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA " +
    "SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE IO CC CX",
  EU:
    "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK " +
    "NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB",
  NA:
    "AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC MF PM VC SX " +
    "TT TC US VI UM",
  OC: "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF",
  SA: "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
};

/** Continent codes and their names. */
export const CONTINENT_NAMES: Readonly<Record<string, string>> = {
  AF: "Africa",
  AN: "Antarctica",
  AS: "Asia",
  EU: "Europe",
  NA: "North America",
  OC: "Oceania",
  SA: "South America",
};

const CONTINENT = new Map<string, string>();
for (const [continent, codes] of Object.entries(CONTINENT_MEMBERS)) {
  for (const code of codes.split(" ")) CONTINENT.set(code, continent);
}

// Codes mirror lists use that ISO does not: the UK's "UK" (ISO: GB), Greece's EU code "EL".
const ALIASES: Readonly<Record<string, string>> = { UK: "GB", EL: "GR" };

let byName: Map<string, string> | null = null;
function codeForName(name: string): string | undefined {
  if (byName === null) {
    byName = new Map();
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    for (const code of CONTINENT.keys()) byName.set((names.of(code) ?? code).toLowerCase(), code);
  }
  return byName.get(name.toLowerCase());
}

/**
 * The ISO 3166-1 alpha-2 code a mirror list means by `raw` ("de", "UK",
 * "Germany"), or null when it names no known country.
 *
 * @example
 * countryCode("UK") // "GB"
 */
export function countryCode(raw: string | null): string | null {
  if (raw === null) return null;
  const t = raw.trim();
  const upper = t.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) {
    const code = ALIASES[upper] ?? upper;
    return CONTINENT.has(code) ? code : null;
  }
  return codeForName(t) ?? null;
}

/**
 * The continent code (AF, AN, AS, EU, NA, OC, SA) of a country code.
 *
 * @example
 * continentOf("JP") // "AS"
 */
export function continentOf(code: string | null): string | null {
  return code === null ? null : (CONTINENT.get(code) ?? null);
}
