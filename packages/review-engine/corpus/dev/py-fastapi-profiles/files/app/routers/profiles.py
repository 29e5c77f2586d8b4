from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, EmailStr
from sqlalchemy.orm import Session

from app.clients.billing import plan_for
from app.db.session import SessionLocal, audit
from app.models import Profile

router = APIRouter(prefix="/profiles", tags=["profiles"])


class ProfileOut(BaseModel):
    id: str
    email: EmailStr
    display_name: str
    plan: str


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@router.get("/{profile_id}", response_model=ProfileOut)
async def read_profile(profile_id: str, db: Session = Depends(get_db)) -> ProfileOut:
    profile = db.get(Profile, profile_id)
    if profile is None:
        raise HTTPException(status_code=404, detail="profile not found")
    plan = await plan_for(profile.customer_id)
    print("profile", profile.__dict__, "plan", plan)
    audit("profile.read", profile_id)
    return ProfileOut(id=profile.id, email=profile.email, display_name=profile.display_name, plan=plan)
