"""Demo board profiles (fictional people) for the local demo; called by ``seed_demo``."""

from articles.models import BoardProfile

DEMO_BOARD_PROFILES = {
    "board": {
        "slug": "maya-okafor",
        "display_name": "Maya Okafor",
        "credentials": "MD, FASN",
        "specialty": "Nephrology",
        "bio": (
            "Dr Okafor is a nephrologist who looks after people on haemodialysis and home dialysis. "
            "She reviews Vetted's articles on kidney disease and mineral metabolism.\n\n"
            "*Fictional profile for the Vetted demo.*"
        ),
        "conflicts_of_interest": "None declared.",
        "ordering": 1,
    },
    "board2": {
        "slug": "daniel-brandt",
        "display_name": "Daniel Brandt",
        "credentials": "MD, PhD",
        "specialty": "Dermatology and wound care",
        "bio": (
            "Dr Brandt is a dermatologist with a research interest in chronic wounds and skin biopsy.\n\n"
            "*Fictional profile for the Vetted demo.*"
        ),
        "conflicts_of_interest": "Has received speaker fees from a wound-dressing manufacturer (2024).",
        "ordering": 2,
    },
}


def seed_board_profiles(users: dict) -> None:
    """Create the demo board members' public profiles once (idempotent)."""
    for username, data in DEMO_BOARD_PROFILES.items():
        user = users.get(username)
        if user is None or BoardProfile.objects.filter(user=user).exists():
            continue
        profile = BoardProfile(user=user, **data)
        profile._change_reason = "Demo profile"
        profile.save()
