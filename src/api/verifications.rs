use super::NoParams;
use crate::models::{
    CancelParams, CreateVerificationParams, QrScanParams, VerificationList, VerificationResponse,
};
use crate::{Client, Operation, Result};

/// Device verification: `client.verifications()`. The id `"active"` names the verification in
/// progress.
#[derive(Clone, Copy, Debug)]
pub struct VerificationsApi<'a>(pub(crate) &'a Client);

impl Client {
    /// Verify this device from another one.
    pub fn verifications(&self) -> VerificationsApi<'_> {
        VerificationsApi(self)
    }
}

impl VerificationsApi<'_> {
    fn by_id(&self, op: Operation, id: &str) -> Result<VerificationResponse> {
        self.0.call_typed::<NoParams, _>(op, Some(id), None)
    }

    /// The active verifications.
    pub fn list(&self) -> Result<VerificationList> {
        self.0
            .call_typed::<NoParams, _>(Operation::VerificationsList, None, None)
    }

    /// Asks another device to verify this one.
    pub fn create(&self, params: &CreateVerificationParams) -> Result<VerificationResponse> {
        self.0
            .call_typed(Operation::VerificationsCreate, None, Some(params))
    }

    /// One verification.
    pub fn retrieve(&self, id: &str) -> Result<VerificationResponse> {
        self.by_id(Operation::VerificationsRetrieve, id)
    }

    /// Accepts an incoming request.
    pub fn accept(&self, id: &str) -> Result<VerificationResponse> {
        self.by_id(Operation::VerificationsAccept, id)
    }

    /// Cancels a verification, with an optional user-facing code and reason.
    pub fn cancel(&self, id: &str, params: &CancelParams) -> Result<VerificationResponse> {
        self.0
            .call_typed(Operation::VerificationsCancel, Some(id), Some(params))
    }

    /// Submits the QR payload scanned from the other device.
    pub fn qr_scan(&self, params: &QrScanParams) -> Result<VerificationResponse> {
        self.0
            .call_typed(Operation::VerificationsQrScan, None, Some(params))
    }

    /// Confirms that the other device scanned this device's QR code.
    pub fn qr_confirm_scanned(&self, id: &str) -> Result<VerificationResponse> {
        self.by_id(Operation::VerificationsQrConfirmScanned, id)
    }

    /// Starts emoji comparison.
    pub fn sas_start(&self, id: &str) -> Result<VerificationResponse> {
        self.by_id(Operation::VerificationsSasStart, id)
    }

    /// Confirms that the emojis match.
    pub fn sas_confirm(&self, id: &str) -> Result<VerificationResponse> {
        self.by_id(Operation::VerificationsSasConfirm, id)
    }
}
