//! Token profiles: listed for an endpoint's origin, saved (the token goes to the OS keychain) and
//! removed. No command answers with a token; `token_stored` says only whether there is one.

use net::Endpoint;
use tauri::State;

use super::blocking;
use crate::ipc::IpcError;
use crate::ipc::network::{EndpointProfiles, OriginRequest, ProfileRequest, ProfileShown, SaveProfileRequest};
use crate::state::Network;

/// The endpoint's origin, spelled as everywhere in Sextant, and the profiles bound to it. The page
/// never derives an origin itself.
#[tauri::command]
pub async fn endpoint_profiles(network: State<'_, Network>, request: OriginRequest) -> Result<EndpointProfiles, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.endpoint)?;
    let profiles = session.profiles_for(&endpoint).into_iter().map(ProfileShown::from).collect();
    let origin = endpoint.origin();
    let token_warning = connection::profiles::plain_http_warning(&origin);
    Ok(EndpointProfiles { origin: origin.to_string(), profiles, token_warning })
}

/// Adds the profile (bound to the endpoint's origin) and stores its token; for a profile of that
/// name already bound to the same origin and header, replaces its token; refuses anything else.
#[tauri::command]
pub async fn save_profile(network: State<'_, Network>, request: SaveProfileRequest) -> Result<ProfileShown, IpcError> {
    let session = network.session()?;
    let SaveProfileRequest { name, endpoint, auth, header_name, token } = request;
    let token = token.into_secret().ok_or_else(|| IpcError::Profile { message: "Type the token to store.".into() })?;
    let endpoint = Endpoint::parse(&endpoint)?;
    let auth = auth.scheme(header_name.as_deref())?;
    blocking(move || Ok(ProfileShown::from(session.save_profile(&name, &endpoint, auth, &token)?))).await
}

/// Removes the profile and deletes its token from the keychain.
#[tauri::command]
pub async fn remove_profile(network: State<'_, Network>, request: ProfileRequest) -> Result<(), IpcError> {
    let session = network.session()?;
    blocking(move || session.remove_profile(&request.name).map(drop).map_err(IpcError::from)).await
}

/// Whether the keychain holds the profile's token.
#[tauri::command]
pub async fn token_stored(network: State<'_, Network>, request: ProfileRequest) -> Result<bool, IpcError> {
    let session = network.session()?;
    blocking(move || session.has_token(&request.name).map_err(IpcError::from)).await
}
