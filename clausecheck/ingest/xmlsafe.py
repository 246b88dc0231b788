"""The one way ingestion parses XML itself: no DTD, no entities, no network, bounded depth."""

from __future__ import annotations

from typing import Any

from clausecheck.errors import IngestError


def parse(blob: bytes, part: str) -> Any:
    """Parse ``blob`` (an XML part named ``part``) into an lxml element; refuses DOCTYPE/ENTITY."""
    from lxml import etree

    if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
        raise IngestError(
            f"DOCX part '{part}' declares a DOCTYPE or ENTITY, which Word never writes",
            "refusing XML entity tricks (XXE / billion laughs); re-save the file in Word",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        return etree.fromstring(blob, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise IngestError(
            f"DOCX part '{part}' is not well-formed XML ({exc})", "open it in Word and save it again"
        ) from exc
