//! The kinds of account a sign-in can lead to. They are picked by email address so a demo needs
//! no flags, and can be forced so a test does not depend on the address it types. Besides the
//! three accounts, the outcome scenarios are the existing account with another device that ends
//! every verification one way, so an app can show each ending without steering the simulator.

/// The recovery key of the existing accounts: fixed, so a demo can type it from the README.
pub const SCENARIO_RECOVERY_KEY: &str =
    "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa";

/// Every scenario's name, in the order `--help` and errors list them.
pub const SCENARIO_NAMES: &[&str] = &[
    "existing",
    "recovery",
    "new",
    "declined",
    "timeout",
    "mismatch",
    "accepted-elsewhere",
    "protocol-error",
    "incoming",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scenario {
    Existing,
    Recovery,
    New,
    /// The existing account, whose other device does this to every verification.
    Other(Script),
}

/// What the other device of an outcome scenario does, 300 ms after its turn comes (with or
/// without `--auto`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Script {
    /// It declines this device's request (`m.user`).
    Declines,
    /// It lets this device's request time out (`m.timeout`).
    TimesOut,
    /// It accepts, then says the emojis do not match (`m.mismatched_sas`).
    Mismatches,
    /// Another device of the account answers the request (`m.accepted`).
    AcceptedElsewhere,
    /// It sends what the protocol does not expect (`m.unexpected_message`).
    ProtocolError,
    /// It asks to verify this device as soon as sign-in is done, as "Alice's iPhone".
    Requests,
}

/// The name the other device of the `incoming` scenario, and `/_sim/other-device/request`
/// without a name, gives itself.
pub const REQUESTING_DEVICE_NAME: &str = "Alice's iPhone";

impl Script {
    /// The cancel it ends a verification with, for those that end one.
    pub fn cancel(self) -> Option<(&'static str, &'static str)> {
        match self {
            Script::Declines => Some(("m.user", "The other device declined the request.")),
            Script::TimesOut => Some(("m.timeout", "The verification timed out.")),
            Script::Mismatches => Some(("m.mismatched_sas", "The emojis did not match.")),
            Script::AcceptedElsewhere => Some((
                "m.accepted",
                "Another of your devices accepted the request.",
            )),
            Script::ProtocolError => Some((
                "m.unexpected_message",
                "The other device sent an unexpected message.",
            )),
            Script::Requests => None,
        }
    }
}

impl Scenario {
    pub fn parse(name: &str) -> Option<Scenario> {
        Some(match name {
            "existing" => Scenario::Existing,
            "recovery" => Scenario::Recovery,
            "new" => Scenario::New,
            "declined" => Scenario::Other(Script::Declines),
            "timeout" => Scenario::Other(Script::TimesOut),
            "mismatch" => Scenario::Other(Script::Mismatches),
            "accepted-elsewhere" => Scenario::Other(Script::AcceptedElsewhere),
            "protocol-error" => Scenario::Other(Script::ProtocolError),
            "incoming" => Scenario::Other(Script::Requests),
            _ => return None,
        })
    }

    /// The same wording from `Sim::start` and `/_sim/reset`, so a typo reads alike in both.
    pub fn unknown_message(name: &str) -> String {
        format!(
            "unknown scenario '{name}'; use one of: {}",
            SCENARIO_NAMES.join(", ")
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Existing => "existing",
            Scenario::Recovery => "recovery",
            Scenario::New => "new",
            Scenario::Other(Script::Declines) => "declined",
            Scenario::Other(Script::TimesOut) => "timeout",
            Scenario::Other(Script::Mismatches) => "mismatch",
            Scenario::Other(Script::AcceptedElsewhere) => "accepted-elsewhere",
            Scenario::Other(Script::ProtocolError) => "protocol-error",
            Scenario::Other(Script::Requests) => "incoming",
        }
    }

    /// The other device's script, in the outcome scenarios.
    pub fn script(self) -> Option<Script> {
        match self {
            Scenario::Other(script) => Some(script),
            _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_itself() {
        for name in SCENARIO_NAMES {
            assert_eq!(Scenario::parse(name).map(Scenario::name), Some(*name));
        }
    }
}
