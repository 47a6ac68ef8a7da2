//! Token profiles: listed, saved (the token goes to the OS keychain) and removed. No command
//! answers with a token; `token_stored` says only whether there is one.

use connection::profiles::AuthScheme;
use net::Endpoint;
use tauri::State;

use super::blocking;
use crate::ipc::IpcError;
use crate::ipc::network::{AuthKind, ProfileRequest, ProfileShown, SaveProfileRequest};
use crate::state::Network;

#[tauri::command]
pub async fn list_profiles(network: State<'_, Network>) -> Result<Vec<ProfileShown>, IpcError> {
    Ok(network.session()?.profiles().into_iter().map(ProfileShown::from).collect())
}

/// Adds the profile (bound to the endpoint's origin) unless it exists, then stores its token.
#[tauri::command]
pub async fn save_profile(network: State<'_, Network>, request: SaveProfileRequest) -> Result<ProfileShown, IpcError> {
    let session = network.session()?;
    let SaveProfileRequest { name, endpoint, auth, header_name, token } = request;
    let token = token.into_secret().ok_or_else(|| IpcError::Profile { message: "Type the token to store.".into() })?;
    let existing = session.profiles().into_iter().find(|profile| profile.name == name);
    let profile = match existing {
        Some(profile) => profile,
        None => {
            let endpoint = Endpoint::parse(&endpoint)?;
            let auth = match (auth, header_name) {
                (AuthKind::Bearer, _) => AuthScheme::Bearer,
                (AuthKind::Header, Some(header)) if !header.trim().is_empty() => AuthScheme::Header { name: header.trim().to_owned() },
                (AuthKind::Header, _) => {
                    return Err(IpcError::Profile { message: "Name the header the token goes in, such as Project-Access-Token.".into() });
                }
            };
            session.add_profile(name.trim(), &endpoint, auth).map_err(|error| IpcError::Profile { message: error.to_string() })?
        }
    };
    let profile_name = profile.name.clone();
    blocking(move || {
        session.set_token(&profile_name, &token).map_err(|error| match IpcError::from(error) {
            IpcError::Keychain { message } => IpcError::Keychain {
                message: format!("The profile {profile_name:?} is saved, but its token is not: {message}"),
            },
            other => other,
        })
    })
    .await?;
    Ok(ProfileShown::from(profile))
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
