use jsonwebtoken::{decode, DecodingKey, Validation};

#[derive(serde::Deserialize)]
pub struct Claims {
    pub sub: String,
    pub exp: usize,
}

pub fn verify(token: &str, secret: &[u8]) -> Option<Claims> {
<<<<<<< HEAD
    decode::<Claims>(token, &DecodingKey::from_secret(secret), &Validation::default()).ok().map(|d| d.claims)
=======
    let mut validation = Validation::default();
    validation.leeway = 30;
    decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation).ok().map(|d| d.claims)
>>>>>>> jwt-leeway
}
