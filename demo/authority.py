"""The local authority the demo portal is set up for."""

from dataclasses import dataclass

DEMO_EMAIL = "contact@parvis.localhost"
DEMO_DPO = "dpo@parvis.localhost"
# A fictitious number: the demo must never send visitors to a real switchboard.
DEMO_PHONE = "03 53 01 00 60"


@dataclass(frozen=True)
class Authority:
    name: str  # « Département de l'Oise »
    of_name: str  # « du Département de l'Oise »
    area: str  # « l'Oise »
    area_of: str  # « de l'Oise »
    address: str
    places: str  # ends the sentence « s'informer, débattre et agir ensemble, … »
    phone: str = DEMO_PHONE
    email: str = DEMO_EMAIL
    dpo_contact: str = DEMO_DPO
    theme: str = "ardoise"  # one of portal.theme.THEMES: each demo département looks its own


KNOWN_AUTHORITIES = {
    "60": Authority(
        name="Département de l'Oise",
        of_name="du Département de l'Oise",
        area="l'Oise",
        area_of="de l'Oise",
        address="1 rue Cambry, 60000 Beauvais",
        places="de Beauvais à Compiègne, de Creil à Noyon, dans chacune de ses communes",
        theme="bocage",
    ),
}


def _of(name):
    return f"de l'{name}" if name[:1].upper() in "AEIOUYHÉÈÊÎ" else f"de {name}"


def authority_for(code, territory=None):
    """The demo authority for a département code, built from the territory when not known."""
    if code in KNOWN_AUTHORITIES:
        return KNOWN_AUTHORITIES[code]
    if territory is None:
        return Authority(
            name="Parvis",
            of_name="de la collectivité",
            area="votre territoire",
            area_of="de votre territoire",
            address="",
            places="dans chacune de ses communes",
        )
    name = territory.name
    themes = ("brique", "ardoise")  # the Oise keeps « bocage »
    return Authority(
        theme=themes[sum(map(ord, code)) % len(themes)],
        name=f"Département {_of(name)}",
        of_name=f"du Département {_of(name)}",
        area=name,
        area_of=_of(name),
        address="",
        places="dans chacune de ses communes",
    )
