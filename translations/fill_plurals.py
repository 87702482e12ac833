#!/usr/bin/env python3
"""Fills the English plural forms in portier_en.ts: "%n connection(s)" becomes
"%n connection" / "%n connections". Run after `lupdate -pluralonly ... -ts portier_en.ts`.
Only new (unfinished) entries are filled: a form corrected by hand ("1 server needs a look")
stays."""
import re
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1] if len(sys.argv) > 1 else "portier_en.ts"
tree = ET.parse(path)
for message in tree.getroot().iter("message"):
    if message.get("numerus") != "yes":
        continue
    source = message.find("source").text
    translation = message.find("translation")
    if translation.get("type") != "unfinished" and any((form.text or "").strip() for form in translation):
        continue
    for child in list(translation):
        translation.remove(child)
    translation.attrib.pop("type", None)
    for form in (re.sub(r"\(s\)", "", source), re.sub(r"\(s\)", "s", source)):
        ET.SubElement(translation, "numerusform").text = form
tree.write(path, encoding="utf-8", xml_declaration=True)
