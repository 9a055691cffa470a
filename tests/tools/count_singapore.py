#!/usr/bin/env python3
"""Independent counts for the Singapore MFA records (test ground truth helper).

Standalone, stdlib only; it shares no code with diplokg's reader and classifies by other signals:

- **kind** of each record, from its **URL slug and the shape of its content**, not from its title
  (the reader goes by the title): a reply to a parliamentary question has the capitals markers
  ``QUESTION`` and ``REPLY``/``ANSWER`` in its content; a transcript with questions is one of the
  records listed in ``TRANSCRIPTS`` (found by reading; see below); a speech opens with a salutation
  (``Excellencies``, ``Mr Chairman``, ``Ladies and Gentlemen``…) or has ``Remarks``/``Speech``/
  ``Statement-by``/``Address`` in its URL; a readout has ``Visit``/``Call``/``Meeting``/
  ``Trip``/``Consultations``… in its URL; everything else is a press statement.
- **question turns** of each transcript, counted on its lines with the asker labels read by hand
  for that record (``TRANSCRIPTS``): a line that starts with one of them and a colon, or with one
  of them run into the next word (``AmanpourTell me``).

``TRANSCRIPTS`` was made by reading every record whose content has a line ``Name (Outlet):``, a
``Q&A`` line, ``Question N:`` or an interviewer's name in its title (24 records read; 9 have
questions). Disagreements with the reader were read by hand: see ``tests/data/counts/README-whitehouse-singapore.md``
and ``DECIDED`` below, which records the kind a person gives each of them.

Usage: ``python3 tests/tools/count_singapore.py [FILE]`` writes
``tests/data/counts/singapore_mfa_counts.csv`` (one row per record).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "data" / "counts" / "singapore_mfa_counts.csv"
DEFAULT = Path("/work/shared/corpus/singapore-mfa-2021-2024_pclk-MFA-PressData/mfa_statements.json")
BASE = "https://www.mfa.gov.sg/Newsroom/Press-Statements-Transcripts-and-Photos/"

# url tail -> (kind, asker labels as printed, question turns counted by reading)
TRANSCRIPTS = {
    "2024/04/20240416-FMV-Philippines": ("joint-press-conference", ["GMA Integrated News"], 1),
    "2024/02/240229_Minister-COS-CNA-Interview": ("interview", ["Dawn Tan (CNA)", "Otelli Edwards (CNA)"], 5),
    "2023/09/Transcript-of-FM-Dr-Vivian-Balakrishnan-Fireside-Chat": ("interview", ["Jeanne Meserve", "Jeanne"], 13),
    "2023/09/Transcript-of-FM-Dr-Vivian-Balakrishnan-Live-Interview-with-CNN": ("interview", ["Christiane Amanpour (CNN)", "Amanpour"], 18),
    "2023/07/27-July-2023---Transcript": ("interview", ["President José Ramos-Horta", "President"], 14),
    "2023/07/FM-Visit-to-Timor-Leste": ("joint-press-conference", ["Wun Yun Fang (Lianhe Zaobao)"], 1),
    "2023/05/01-May-2023---Transcript-of-Minister-for-Foreign-Affairs": ("other", [f"Question {i}" for i in range(1, 8)], 7),
    "2023/05/20230501sajmcjpc": ("joint-press-conference",
                                 ["Daniel Hurst (Guardian Australia)", "Brandon How (InnovationAus)",
                                  "Dominic Gianni (AAP)", "Jonathan Pearlman (ST)", "Stephen Dziedzic (ABC)"], 6),
    "2022/04/20220404germany": ("joint-press-conference", ["Süddeutsche Zeitung (Paul-Anton Krüger)"], 1),
}

# url tail -> (kind, why): every record where the signals above and the reader's kind disagreed,
# decided by reading the record (title and content)
DECIDED: dict[str, tuple[str, str]] = {
    '2024/03/20240317-mfamindefjs-3hagaza': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2024/02/FedEx-AMEA-HQ-Official-Opening': ('speech', "the text of remarks or a statement delivered (a speech) that opens with neither salutation nor 'delivered'"),
    '2024/02/20240208-pvprioc': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2024/01/20240106portugal': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/12/Singapore-and-Mercosur-Sign-the-Mercosur-Singapore-Free-Trade-Agreement': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2023/11/20231114apec': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/11/20231110pif': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2023/10/20231020smsiceland': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2023/10/20231011---SMS-AIS-Forum-1st-HLM': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/09/202309203G16MM': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2023/09/20230916G77CS': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/08/Presentation-of-Credentials-Ceremony-29-August-2023': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/07/SMS-SIM-ANN-TO-SALZBURG-AUSTRIA-26-TO-28-JULY-2023': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/07/Letter-of-Credence-Ceremony-25-July-2023': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/07/15-July-2023---FM-Retreat-Jakarta': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/07/20230704pqvisa': ('parliamentary-reply', "a reply to a parliamentary question whose QUESTION marker runs into the MP's name (QUESTIONMr)"),
    '2023/06/20230609srajlecture': ('speech', "the text of remarks or a statement delivered (a speech) that opens with neither salutation nor 'delivered'"),
    '2023/06/Third-Singapore-UAE-Joint-Committee-Meeting': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/05/230530_LOC-Ceremony': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/05/20230516-DPMV-China': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/05/20230513malikibangladesh': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2023/04/SAJMC-2023': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2023/04/BR180423': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2023/03/20230308-ACJF': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2023/03/20230306-LDC5': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2023/02/CACOP220223': ('speech', 'the text of remarks delivered, after one line saying where'),
    '2023/02/20230210-SMS-Eighth-Bali-Process': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2023/02/16afc': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/11/20221129-Statement-at-Hague': ('speech', "the text of remarks or a statement delivered (a speech) that opens with neither salutation nor 'delivered'"),
    '2022/11/20221114-cptpp': ("interview", "a doorstop question (CNA Digital) and PM Lee's answer run into one line by the scraper, twice: the reader cannot see the labels and keeps it as a speech (known limitation, text kept)"),
    '2022/11/221110nextstep': ('speech', "the text of remarks or a statement delivered (a speech) that opens with neither salutation nor 'delivered'"),
    '2022/10/221027asv': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/10/20221014-GESDA': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/10/20221014-Iceland': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2022/09/20220921-3GMM': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2022/09/20220917ismr': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2022/09/20220907jpcpsp': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2022/08/20220830-Arctic-Circle-Greenland-Forum': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2022/08/20220804-Brunei-Visit': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/08/20220803-55th-ASEAN-Foreign-Ministers-Meeting': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/06/20220628UNoceanconference': ('speech', 'the text of remarks delivered, after one line saying where'),
    '2022/06/20220623CFAMM': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/06/20220617-FMV-India': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/06/20220609aust': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/05/20220516-Representation-at-UAE-Official-Mourning': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/05/20220512articfrontier': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/04/20220430-min-ny': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/04/20220429-min-newyork': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2022/04/20220419newzealand': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/03/20220228-2Min-Doha-Forum': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/03/20220326-DPRK-Ballistic-Missile-Test': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2022/02/20220213-ukraine-ta': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2022/01/20220125-Singapore-Indonesia-Leaders-Retreat': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2022/01/20220113-Saudi-Arabia-Prince-Faisal-Official-Visit': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/12/20211217-Russia-Singapore-Arctic-Dialogue': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2021/12/20211205-5th-IOC': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2021/12/20211205-ESM-remarks': ('speech', "the text of remarks or a statement delivered (a speech) that opens with neither salutation nor 'delivered'"),
    '2021/11/20211125-Malaysia-Singapore-Joint-Press-Statement': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/11/20211122-Jap-PM-call': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2021/11/20211117-21st-IORA-Council-of-Ministers-Meeting': ('speech', "the text of remarks or a statement delivered (a speech) that opens with neither salutation nor 'delivered'"),
    '2021/11/20211103-Norway-SG-Arctic-Conf': ('readout', 'an account of a visit or conference at which remarks were delivered, not the remarks themselves'),
    '2021/10/20211001-UPR-adoption': ('press-statement', 'an announcement (the adoption of the UPR outcome), not a speech'),
    '2021/09/20210926-SG-assist-Nepal': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/09/20210922-3G-14th-Ministerial-Meeting': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/08/20210831-presentation-of-credentials': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/07/20210727-2Minister-videocalls': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/07/20210719-Oxygen-Shuttle-Programme': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/07/20210714-SM-visit-to-Brunei': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/06/20210610-Australia-PM-Visit': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/05/20210525-PM-Lee-Telephone-Call-with-Japanese-PM-Suga': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/05/20210521-Gaza-Ceasefire': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/05/20210519-Assertions-on-SG-COVID-19-Variant': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/04/20210423-PM-Attends-Leaders-Summit-On-Climate': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/04/20210423-PM-Visit-to-Jakarta': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/04/20210402-Comments-on-Train-Derailment-in-Taiwan': ('press-statement', 'a statement, announcement or joint statement of the government, not an account of a meeting'),
    '2021/03/20210327-Leaders-Summit-on-Climate-Invitation': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/03/20210325-Photos-Minister-Visit-Indonesia': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
    '2021/01/20210119-POC': ('readout', 'an account of a visit, meeting, call, ceremony or conference that the first lines do not give away'),
}

PQ = re.compile(r"\bQUESTIONS?\b")
REPLY = re.compile(r"\b(?:REPLY|ANSWER)\b")
SALUTATION = re.compile(r"^(?:Excellenc(?:y|ies)|Your Excellenc|Your Majest|Your Royal|Your Highness|Mr Chairman|Madam Chair|"
                        r"Mr President|Madam President|Mr Speaker|Ladies and Gentlemen|Distinguished|Honourable|"
                        r"Dear (?:friends|colleagues|guests)|Friends|Good (?:morning|afternoon|evening)|Minister:|"
                        r"Thank you|Professor|Dr |Mr |Mrs |Ms |Ambassador)", re.M)
# the first lines of an account of a meeting, call or visit
MEETING = re.compile(r"\b(?:called on|calls on|call on|met(?! the (?:needs|target))|meets|will meet|meeting (?:with|between)|"
                     r"visited|visiting|will visit|visits|will (?:make|pay|undertake|be making|travel|attend|lead|be in|co-chair)|"
                     r"is (?:in|on|making|undertaking|currently in|attending)|was in|were in|"
                     r"held (?:a |talks|discussions|bilateral|the|their|its)|hosted|received|spoke (?:with|to|over)|"
                     r"had a (?:telephone|phone|video|virtual|productive|warm|good|bilateral)|telephone (?:call|conversation)|"
                     r"video ?(?:call|conference)|co-chaired|attended|participated|led (?:the|a) |delegation|"
                     r"audience with|courtesy call|arrived|conferred|presented (?:his|her|their) credentials|"
                     r"exchanged views|signed|signing)\b", re.I)
JOINT = re.compile(r"\b(?:Joint (?:Press |Vision )?Statement|Joint Declaration|Begin Text|Joint Communiqu)", re.I)
DELIVERED = re.compile(r"\bdelivered (?:Singapore[’']s |a |the |his |her |pre-recorded )?(?:national |keynote |opening |closing )?"
                       r"(?:statement|remarks|speech|address|keynote|lecture)", re.I)
LETTER = re.compile(r"^(?:Dear|Your (?:Excellency|Majesty|Highness|Royal))\b.*$|^(?:Yours sincerely|Warm regards|Yours truly)", re.M)


def kind(rec: dict) -> str:
    tail = rec["url"].replace(BASE, "")
    if tail in TRANSCRIPTS:
        return TRANSCRIPTS[tail][0]
    if tail in DECIDED:
        return DECIDED[tail][0]
    content = rec["content"]
    lines = [l.strip() for l in content.split("\n") if l.strip()]
    if PQ.search(content[:300]) and REPLY.search(content):
        return "parliamentary-reply"
    head = " ".join(lines[:2])
    if LETTER.search(content) or JOINT.search(head):
        return "press-statement"          # a letter, message or joint statement the ministry publishes
    if lines and (SALUTATION.match(lines[0]) and not MEETING.search(head) or DELIVERED.search(head)
                  or lines[0].startswith("TRANSCRIPT OF")):
        return "speech"
    if MEETING.search(" ".join(lines[:2])):
        return "readout"
    return "press-statement"


def question_turns(rec: dict) -> int:
    tail = rec["url"].replace(BASE, "")
    if tail not in TRANSCRIPTS:
        return 0
    labels = sorted(TRANSCRIPTS[tail][1], key=len, reverse=True)
    n = 0
    for line in rec["content"].split("\n"):
        line = line.strip()
        for label in labels:
            if line.startswith(label) and len(line) > len(label) and (
                    line[len(label):].lstrip().startswith(":") or line[len(label)].isupper()):
                n += 1
                break
    return n


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    records = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for i, rec in enumerate(records, start=1):
        tail = rec["url"].replace(BASE, "")
        q = question_turns(rec)
        if tail in TRANSCRIPTS and q != TRANSCRIPTS[tail][2]:
            print(f"record {i}: {q} question lines, {TRANSCRIPTS[tail][2]} read by hand", file=sys.stderr)
        rows.append({"record": i, "url": rec["url"], "kind": kind(rec), "question_turns": q,
                     "checked_by_hand": "yes" if tail in TRANSCRIPTS or tail in DECIDED else "no"})
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"{len(rows)} records, {sum(r['question_turns'] for r in rows)} question turns; {kinds} -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
