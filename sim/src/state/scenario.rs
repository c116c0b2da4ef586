//! The three kinds of account a sign-in can lead to. They are picked by email address so a
//! demo needs no flags, and can be forced so a test does not depend on the address it types.

/// The recovery key of the existing accounts: fixed, so a demo can type it from the README.
pub const SCENARIO_RECOVERY_KEY: &str =
    "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scenario {
    Existing,
    Recovery,
    New,
}

impl Scenario {
    pub fn parse(name: &str) -> Option<Scenario> {
        match name {
            "existing" => Some(Scenario::Existing),
            "recovery" => Some(Scenario::Recovery),
            "new" => Some(Scenario::New),
            _ => None,
        }
    }

    /// The same wording from `Sim::start` and `/_sim/reset`, so a typo reads alike in both.
    pub fn unknown_message(name: &str) -> String {
        format!("unknown scenario '{name}'; use existing, recovery or new")
    }

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Existing => "existing",
            Scenario::Recovery => "recovery",
            Scenario::New => "new",
        }
    }

    pub(super) fn for_email(email: &str) -> Scenario {
        match email.trim().to_ascii_lowercase().as_str() {
            "existing@example.com" => Scenario::Existing,
            "recovery@example.com" => Scenario::Recovery,
            _ => Scenario::New,
        }
    }
}
