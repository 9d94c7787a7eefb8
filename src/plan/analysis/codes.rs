//! The finding codes, each with the evidence behind its rule, and their severities.

use super::*;

/// What a finding is about: one variant per rule in the README's "Recovery analysis" table, in
/// its order (findings on the same day sort by it). The kebab-case text of each is what
/// `plan.json`, `ack:` and `taper plan` use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Too many days in a row without a rest-like day.
    RestGap,
    /// Two (or three) hard days in a row.
    HardBackToBack,
    /// A hard day the day before a race.
    HardBeforeRace,
    /// A long run the day after a tune-up race.
    LongAfterTuneUp,
    /// A run much longer than the longest of the previous 30 days.
    LongRunSpike,
    /// Weekly running distance up more than the allowed increase.
    VolumeJump,
    /// An easy, recovery or long session that is not easy.
    EasyNotEasy,
    /// Days too alike in load.
    Monotony,
    /// Four weeks in a row without a lighter one.
    NoCutback,
    /// A `deload: true` week that is not lighter.
    DeloadNotLighter,
    /// Too little time at low intensity over four weeks.
    IntensityBalance,
    /// Running volume of the taper cut too little (or too much).
    TaperVolume,
    /// No intense session in the last 10 days before the race.
    TaperIntensity,
    /// Far fewer sessions a week in the taper than at the peak.
    TaperFrequency,
    /// A long run too large a share of its week.
    LongRunShare,
    /// Fitness rising faster than a share of itself per week.
    RampRate,
    /// Form on race morning not positive.
    RaceForm,
}

impl Code {
    /// Every code, in the README's order.
    pub const ALL: [Code; 17] = [
        Code::RestGap,
        Code::HardBackToBack,
        Code::HardBeforeRace,
        Code::LongAfterTuneUp,
        Code::LongRunSpike,
        Code::VolumeJump,
        Code::EasyNotEasy,
        Code::Monotony,
        Code::NoCutback,
        Code::DeloadNotLighter,
        Code::IntensityBalance,
        Code::TaperVolume,
        Code::TaperIntensity,
        Code::TaperFrequency,
        Code::LongRunShare,
        Code::RampRate,
        Code::RaceForm,
    ];

    /// The kebab-case code (`hard-back-to-back`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::RestGap => "rest-gap",
            Code::HardBackToBack => "hard-back-to-back",
            Code::HardBeforeRace => "hard-before-race",
            Code::LongAfterTuneUp => "long-after-tune-up",
            Code::LongRunSpike => "long-run-spike",
            Code::VolumeJump => "volume-jump",
            Code::EasyNotEasy => "easy-not-easy",
            Code::Monotony => "monotony",
            Code::NoCutback => "no-cutback",
            Code::DeloadNotLighter => "deload-not-lighter",
            Code::IntensityBalance => "intensity-balance",
            Code::TaperVolume => "taper-volume",
            Code::TaperIntensity => "taper-intensity",
            Code::TaperFrequency => "taper-frequency",
            Code::LongRunShare => "long-run-share",
            Code::RampRate => "ramp-rate",
            Code::RaceForm => "race-form",
        }
    }

    /// The code written exactly as [`Code::as_str`] gives it (`ack: [hard-back-to-back]`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// What the rule rests on, and how strong that is.
    pub fn evidence(self) -> Evidence {
        use Confidence::{Convention, Moderate, Weak};
        let (reference, confidence) = match self {
            Code::RestGap => (
                "Meeusen et al. 2013 (ECSS/ACSM overtraining consensus): planned recovery is the first prevention of overreaching",
                Convention,
            ),
            Code::HardBackToBack => (
                "Hard–easy principle; Seiler 2010 on the organisation of intensity; Meeusen et al. 2013",
                Convention,
            ),
            Code::HardBeforeRace => (
                "Bosquet et al. 2007 (taper meta-analysis): arrive at the race rested",
                Convention,
            ),
            Code::LongAfterTuneUp => (
                "Pfitzinger & Douglas, Advanced Marathoning: a tune-up race the day before an easy long run, run on purpose on tired legs; coaching practice, not measured",
                Convention,
            ),
            Code::LongRunSpike => (
                "Frandsen et al. 2025, BJSM (5 205 runners): a run more than 10 % longer than the longest of the last 30 days was associated with more overuse injuries (hazard rate ratio 1.64 for 10–30 %, 1.52 for 30–100 %, 2.28 above 100 %)",
                Moderate,
            ),
            Code::VolumeJump => (
                "Buist et al. 2008 and Nielsen et al. 2014: the “10 % rule” is weak evidence; large jumps were associated with injury in novices",
                Weak,
            ),
            Code::EasyNotEasy => (
                "Seiler 2010; Stöggl & Sperlich 2015: endurance athletes do most of their training at low intensity",
                Moderate,
            ),
            Code::Monotony => (
                "Foster 1998: high training monotony and strain were associated with illness and overreaching",
                Weak,
            ),
            Code::NoCutback => (
                "Periodisation practice; Meeusen et al. 2013: recovery weeks prevent accumulated fatigue",
                Convention,
            ),
            Code::DeloadNotLighter => (
                "Periodisation practice: a cut-back week usually removes 20–40 % of the load",
                Convention,
            ),
            Code::IntensityBalance => (
                "Seiler 2010; Stöggl & Sperlich 2015: about 75–80 % of time at low intensity",
                Moderate,
            ),
            Code::TaperVolume => (
                "Bosquet et al. 2007, Med Sci Sports Exerc (meta-analysis of 27 studies): a 41–60 % cut in training volume over about two weeks, cut exponentially, gave the largest performance gain; Mujika & Padilla 2003, Med Sci Sports Exerc: cuts of 60–90 % kept the adaptations",
                Moderate,
            ),
            Code::TaperIntensity => (
                "Bosquet et al. 2007; Mujika & Padilla 2003: training intensity kept during the taper preserved the adaptations; cutting intensity did not improve performance",
                Moderate,
            ),
            Code::TaperFrequency => (
                "Bosquet et al. 2007: cutting training frequency did not significantly change performance; Mujika & Padilla 2003 advise keeping about 80 % of it or more",
                Weak,
            ),
            Code::LongRunShare => (
                "Daniels, Daniels' Running Formula: limit the long run to a share of the week's running (about 25–30 %); coaching practice, not measured",
                Convention,
            ),
            Code::RampRate => (
                "Banister et al. 1975 (impulse-response model), Coggan's CTL/ATL/TSB; a ramp-rate limit is coaching convention (TrainingPeaks, intervals.icu), not measured in trials",
                Convention,
            ),
            Code::RaceForm => (
                "Mujika & Padilla 2003; Bosquet et al. 2007: a taper lets fatigue fall while fitness is kept; form (TSB) on race day as a target is coaching convention",
                Convention,
            ),
        };
        Evidence {
            reference,
            confidence,
        }
    }

    /// The article topic that explains the rule (`rest`, `deload`, `taper`).
    pub fn topic(self) -> &'static str {
        match self {
            Code::DeloadNotLighter | Code::NoCutback => "deload",
            Code::TaperVolume
            | Code::TaperIntensity
            | Code::TaperFrequency
            | Code::HardBeforeRace
            | Code::RaceForm => "taper",
            Code::RestGap
            | Code::HardBackToBack
            | Code::LongAfterTuneUp
            | Code::LongRunSpike
            | Code::VolumeJump
            | Code::EasyNotEasy
            | Code::Monotony
            | Code::IntensityBalance
            | Code::LongRunShare
            | Code::RampRate => "rest",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing.
    Note,
    /// Departs from a common guideline.
    Guideline,
    /// Associated with risk: look again.
    Caution,
    /// Strongly associated with risk.
    Warning,
}

impl Severity {
    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Guideline => "guideline",
            Severity::Caution => "caution",
            Severity::Warning => "warning",
        }
    }
}

impl Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}
