//! Units and counted nouns: what a number counts or measures ("people", "km", "USD"), in
//! normalized form, and how far the counted noun after a number reaches.

use crate::extract::tokens::Token;

#[rustfmt::skip]
pub(super) const STOP_UNIT: &[&str] = &[
    "of", "in", "on", "at", "for", "to", "from", "with", "by", "into", "onto", "over", "under",
    "since", "during", "after", "before", "about", "against", "per", "across", "through", "between",
    "among", "around", "near", "without", "within", "than", "like", "as", "and", "or", "but", "nor",
    "that", "which", "who", "whom", "whose", "the", "a", "an", "this", "these", "those", "its",
    "their", "his", "her", "our", "my", "your", "is", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could",
    "may", "might", "must", "more", "less", "ago", "later", "earlier", "each", "apiece", "only",
    "also", "still", "already", "now", "then", "here", "there", "too", "very", "so", "times",
    "percent", "pct", "it", "they", "them", "he", "she", "we", "you", "i", "us", "if", "when",
    "while", "where", "because", "although", "said", "says", "say", "told", "not", "no", "yet",
    "whether", "either", "both", "all", "some", "any", "other", "another", "such", "what",
];
#[rustfmt::skip]
const IRREGULAR_PLURALS: &[&str] = &[
    "people", "men", "women", "children", "police", "staff", "personnel", "cattle", "feet", "teeth",
    "mice", "geese", "data", "media", "deer", "sheep", "fish", "aircraft", "crew", "livestock",
    "infantry", "militia", "youth", "clergy", "offspring", "head",
];

pub(super) fn is_plural(lower: &str) -> bool {
    IRREGULAR_PLURALS.contains(&lower)
        || (lower.len() > 3
            && lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("us")
            && !lower.ends_with("is")
            && !lower.ends_with("'s")
            && !lower.ends_with("’s"))
}

/// Units and currencies in their normalized form.
pub(super) fn known_unit(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "%" | "percent" | "percents" | "per cent" | "pct" | "pc" => "percent",
        "dollar" | "dollars" | "usd" => "USD",
        "pound" | "pounds" | "sterling" | "gbp" => "GBP",
        "euro" | "euros" | "eur" => "EUR",
        "yen" | "jpy" => "JPY",
        "cent" | "cents" => "cent",
        "penny" | "pennies" | "pence" => "penny",
        "swiss franc" | "swiss francs" => "CHF",
        "franc" | "francs" => "franc",
        "peseta" | "pesetas" => "ESP",
        "guilder" | "guilders" | "dutch guilder" | "dutch guilders" => "NLG",
        "finnish markka" | "markka" | "markkas" => "FIM",
        "turkish lira" | "turkish liras" => "TRY",
        "lira" | "liras" | "lire" => "lira",
        "riyal" | "riyals" => "riyal",
        "rial" | "rials" => "rial",
        "dinar" | "dinars" => "dinar",
        "kuwaiti dinar" | "kuwaiti dinars" => "KWD",
        "egyptian pound" | "egyptian pounds" => "EGP",
        "ringgits" => "MYR",
        "bitcoin" | "bitcoins" | "btc" => "BTC",
        "satoshi" | "satoshis" => "satoshi",
        "yuan" | "renminbi" => "CNY",
        "rupee" | "rupees" => "INR",
        "hour" | "hours" | "hr" | "hrs" => "hour",
        "minute" | "minutes" | "min" | "mins" => "minute",
        "second" | "seconds" | "sec" | "secs" => "second",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" | "yr" | "yrs" => "year",
        "decade" | "decades" => "decade",
        "century" | "centuries" => "century",
        "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "mile" | "miles" => "mile",
        "m" | "metre" | "metres" | "meter" | "meters" => "m",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "ft" | "foot" | "feet" => "ft",
        "dm" | "decimetre" | "decimetres" | "decimeter" | "decimeters" => "dm",
        "microgram" | "micrograms" | "microgramme" | "microgrammes" | "µg" | "μg" | "mcg" => "µg",
        "hl" | "hectolitre" | "hectolitres" | "hectoliter" | "hectoliters" => "hl",
        "gal" | "gals" => "gallon",
        "tablespoon" | "tablespoons" | "tbsp" => "tbsp",
        "teaspoon" | "teaspoons" | "tsp" => "tsp",
        "hz" | "hertz" => "Hz",
        "khz" | "kilohertz" => "kHz",
        "mhz" | "megahertz" => "MHz",
        "ghz" | "gigahertz" => "GHz",
        "mwh" => "MWh",
        "gwh" => "GWh",
        "twh" => "TWh",
        "ev" => "eV",
        "kev" => "keV",
        "mev" => "MeV",
        "gev" => "GeV",
        "deg" => "degree",
        "celcius" => "°C",
        "kelvin" => "K",
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "tonne" | "tonnes" | "ton" | "tons" => "tonne",
        "mph" => "mph",
        "kmh" | "km/h" => "km/h",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" | "ha" => "hectare",
        "barrel" | "barrels" => "barrel",
        "mw" | "megawatt" | "megawatts" => "MW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kw" | "kilowatt" | "kilowatts" => "kW",
        "kwh" => "kWh",
        "persons" | "people" => "people",
        "litre" | "litres" | "liter" | "liters" => "l",
        "millilitre" | "millilitres" | "milliliter" | "milliliters" | "ml" => "ml",
        "gallon" | "gallons" => "gallon",
        "pint" | "pints" => "pint",
        "cup" | "cups" => "cup",
        "gram" | "grams" | "gramme" | "grammes" => "g",
        "milligram" | "milligrams" | "mg" => "mg",
        "lb" | "lbs" => "lb",
        "ounce" | "ounces" | "oz" => "oz",
        "inch" | "inches" => "inch",
        "yard" | "yards" | "yd" | "yds" => "yard",
        "degree" | "degrees" => "degree",
        "celsius" | "centigrade" => "°C",
        "fahrenheit" => "°F",
        "kph" | "kmph" => "km/h",
        "radian" | "radians" | "rad" => "rad",
        "percentage point" | "percentage points" => "percentage point",
        "sq km" | "square kilometre" | "square kilometres" | "square kilometer"
        | "square kilometers" => "km2",
        "sq mi" | "square mile" | "square miles" => "mi2",
        "square metre" | "square metres" | "square meter" | "square meters" | "sq m" => "m2",
        "square foot" | "square feet" | "sq ft" => "ft2",
        "square centimetre" | "square centimetres" | "square centimeter" | "square centimeters" => {
            "cm2"
        }
        "cubic metre" | "cubic metres" | "cubic meter" | "cubic meters" => "m3",
        "cubic foot" | "cubic feet" => "ft3",
        "cubic centimetre" | "cubic centimetres" | "cubic centimeter" | "cubic centimeters" => {
            "cm3"
        }
        "cubic kilometre" | "cubic kilometres" | "cubic kilometer" | "cubic kilometers" => "km3",
        "byte" | "bytes" => "B",
        "kilobyte" | "kilobytes" => "kB",
        "megabyte" | "megabytes" => "MB",
        "gigabyte" | "gigabytes" => "GB",
        "terabyte" | "terabytes" => "TB",
        other => return currency_code_word(other),
    })
}

/// A unit symbol that stands apart from its number ("2 g", "100 l", "5 GHz"), with its normalized
/// form. "in" and "t" are words too often, so they are units only at the end of a phrase ("it is
/// 5 in."), never before another word.
pub(super) fn spaced_symbol(lower: &str, phrase_ends: bool) -> Option<&'static str> {
    Some(match lower {
        "g" | "gs" | "gr" => "g",
        "l" => "l",
        "mi" => "mile",
        "in" if phrase_ends => "inch",
        "t" if phrase_ends => "tonne",
        _ => return None,
    })
}

/// The scale a temperature word names ("celsius", "F"), when it follows "degrees" or "°".
pub(super) fn temperature_scale(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "celsius" | "celcius" | "centigrade" | "c" => "°C",
        "fahrenheit" | "f" => "°F",
        "kelvin" | "k" => "K",
        _ => return None,
    })
}

/// A unit word that can stand after the first end of a range ("10 dollars to 20 dollars").
pub(super) fn range_unit_word(lower: &str) -> bool {
    glued_unit(lower).is_some() || matches!(lower, "degrees" | "degree" | "celsius" | "fahrenheit")
}

/// A currency written as an ISO code or a common abbreviation, in lower case.
pub(super) fn currency_code_word(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "usd" | "us$" => "USD",
        "eur" => "EUR",
        "gbp" => "GBP",
        "jpy" => "JPY",
        "cny" | "rmb" => "CNY",
        "inr" | "rs" => "INR",
        "cad" => "CAD",
        "aud" => "AUD",
        "nzd" => "NZD",
        "chf" => "CHF",
        "hkd" => "HKD",
        "sgd" => "SGD",
        "sek" => "SEK",
        "nok" => "NOK",
        "dkk" => "DKK",
        "zar" => "ZAR",
        "brl" => "BRL",
        "mxn" => "MXN",
        "rub" => "RUB",
        "krw" => "KRW",
        "try" => "TRY",
        "myr" | "rm" => "MYR",
        "uah" => "UAH",
        "mnt" => "MNT",
        "pln" => "PLN",
        "czk" => "CZK",
        "huf" => "HUF",
        "ils" => "ILS",
        "thb" => "THB",
        "idr" => "IDR",
        "vnd" => "VND",
        "egp" => "EGP",
        "ngn" => "NGN",
        "kes" => "KES",
        "pkr" => "PKR",
        "bdt" => "BDT",
        "sar" => "SAR",
        "aed" => "AED",
        "qar" => "QAR",
        "twd" => "TWD",
        "ars" => "ARS",
        "ringgit" => "MYR",
        _ => return None,
    })
}

/// A unit glued to digits ("10km", "250ml", "2l", "37°C", "5'"): its normalized form. Short
/// abbreviations that are also words ("in", "t") are units only here, never after a space.
pub(super) fn glued_unit(suffix: &str) -> Option<&'static str> {
    // "km²", "m³": a superscript power is written as a digit in the normalized unit.
    let lower = suffix.to_lowercase().replace('²', "2").replace('³', "3");
    Some(match lower.as_ref() {
        "l" => "l",
        "mls" => "ml",
        "g" | "gr" => "g",
        "t" => "tonne",
        "mi" => "mile",
        "gal" => "gallon",
        "in" => "inch",
        "'" | "’" => "ft",
        "\"" | "”" => "inch",
        "°c" | "ºc" | "c" if suffix.starts_with(['°', 'º']) => "°C",
        "°f" | "ºf" => "°F",
        "°" | "º" => "degree",
        "m2" | "sqm" => "m2",
        "km2" => "km2",
        "cm2" => "cm2",
        "mm2" => "mm2",
        "ft2" => "ft2",
        "mi2" => "mi2",
        "m3" => "m3",
        "cm3" => "cm3",
        "mm3" => "mm3",
        "km3" => "km3",
        "ft3" => "ft3",
        // Only glued: "TB" and "GB" after a space are as often names ("TB patients").
        "kb" => "kB",
        "mb" => "MB",
        "gb" => "GB",
        "tb" => "TB",
        // "-5C", "98.6F": a bare scale letter, a temperature only where the number's context says
        // so (see `numbers::temperature_letter`).
        "c" if suffix == "C" => "°C",
        "f" if suffix == "F" => "°F",
        "km/hr" | "km/h" => "km/h",
        _ => return known_unit(&lower).filter(|u| !matches!(*u, "people" | "percent")),
    })
}

/// The denominator of a rate ("hour" in "18.5/hour", "kg" in "$4/kg", "h" in "km/h"), normalized.
pub(super) fn per_unit(lower: &str) -> Option<&'static str> {
    Some(match lower {
        // Symbols stay symbols ("m/s", "km/h"); words are normalized ("/hours" is "/hour").
        "h" => "h",
        "s" => "s",
        "night" | "nights" => "night",
        "person" | "head" | "capita" => "person",
        "share" => "share",
        _ => {
            return glued_unit(lower).filter(|u| {
                !matches!(*u, "°C" | "°F" | "degree") && !u.chars().all(|c| c.is_ascii_uppercase())
            });
        }
    })
}

/// A unit written as a rate ("km/h", "W/min", "$/kg", "/hour"): numerator and denominator
/// normalized and joined by a slash; a rate with no numerator is "per hour". `None` unless both
/// sides name units.
pub(super) fn rate_unit(written: &str) -> Option<String> {
    let (top, bottom) = written.split_once('/')?;
    let per = per_unit(&bottom.to_lowercase())?;
    if top.is_empty() {
        return Some(format!("per {per}"));
    }
    let top_unit = match top {
        "W" => "W",
        "kW" | "KW" => "kW",
        "MW" => "MW",
        "J" => "J",
        "kJ" => "kJ",
        "cal" | "kcal" => top,
        _ => super::currency_code(top)
            .or_else(|| glued_unit(top).filter(|u| !matches!(*u, "°C" | "°F")))?,
    };
    Some(format!("{top_unit}/{per}"))
}

pub(super) fn normalize_unit(lower: &str) -> String {
    known_unit(lower)
        .or_else(|| spaced_symbol(lower, true))
        .map_or_else(|| lower.to_owned(), str::to_owned)
}

/// How many things a number counts, which decides how its noun may read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Count {
    /// Exactly one: its noun is singular.
    One,
    /// A fraction: a singular noun ("half a mile") or a plural one ("one in five adult smokers").
    Part,
    /// Anything else: the noun ends at the first plural.
    Many,
}

/// The counted noun after token `from`: up to three words ending at the first plural.
pub(super) fn counted_noun(
    tokens: &[Token<'_>],
    from: usize,
    count: Count,
) -> Option<(usize, usize)> {
    let mut taken = 0;
    for k in from..from + 3 {
        let Some(t) = tokens.get(k) else { break };
        let lower = t.lower();
        // "40 km/h", "3 W/min": a rate in one word.
        if taken == 0
            && t.lead.is_empty()
            && t.word.contains('/')
            && (known_unit(&lower).is_some() || rate_unit(t.word).is_some())
        {
            return Some((from, k));
        }
        let wordy = !t.word.is_empty()
            && t.word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
        // "5 in.", "2 g": a symbol right after the number, before the stop words ("in").
        if wordy
            && taken == 0
            && !t.starts_phrase()
            && spaced_symbol(&lower, t.ends_phrase() || tokens.get(k + 1).is_none()).is_some()
        {
            return Some((from, k));
        }
        if !wordy
            || t.starts_phrase()
            || STOP_UNIT.contains(&lower.as_ref())
            || super::words::is_number_word(&lower)
        {
            break;
        }
        if known_unit(&lower).is_some() {
            return Some((from, k));
        }
        if is_plural(&lower) {
            // After "one report", a word in -s is the verb ("one report suggests"): one thing is
            // counted in the singular.
            if count == Count::One && taken > 0 && !IRREGULAR_PLURALS.contains(&lower.as_ref()) {
                return Some((from, k - 1));
            }
            return Some((from, k));
        }
        taken += 1;
        if t.ends_phrase() {
            break;
        }
    }
    (count != Count::Many && taken > 0).then_some((from, from))
}
