//! The picture the mock mode answers from: an existing account just signed in, with a request
//! from the other device accepted and ready to compare. Built by the same steps as the stateful
//! mode, so every mock answer has the shapes a real setup produces.

use super::{Scenario, State};
use crate::verification::{Direction, VState, Verification};

impl State {
    /// `verification_id` names the verification in progress; `None` leaves it a generated id.
    pub fn example(verification_id: Option<&str>) -> State {
        let mut st = State::new(Some(Scenario::Existing), false);
        st.sign_in(Scenario::Existing, "example");
        let own = st.account_mut().user_id.clone();
        let mut v = Verification::new(&mut st.rng, Direction::Incoming, "login", &own);
        v.state = VState::Ready;
        if let Some(id) = verification_id {
            v.id = id.to_string();
        }
        st.verifications.push(v);
        st
    }
}
