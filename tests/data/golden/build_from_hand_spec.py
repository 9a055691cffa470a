# Builds golden JSON from a HAND-WRITTEN spec (paragraph numbers read by eye).
# The script only copies text (title, first words) and cross-checks the spec's counts.
import json, sys, os
CORPUS = "/work/shared/corpus"
OUT = "/work/main/tests/data/golden"
NB = "\u00a0"

def paras(path):
    out = []
    for line in open(os.path.join(CORPUS, path), encoding="utf-8").read().split("\n"):
        if line.strip(" \t\r") != "":      # same numbering as awk 'NF' (nbsp-only lines count)
            out.append(line)
    return [None] + out                      # 1-based

def words(s, n):
    return " ".join(s.replace(NB, " ").split()[:n])

def is_blank(p):
    return p.replace(NB, " ").strip() == ""

# kind: q / outlet / followup / foreign / after ; ans = hand count ; clar = hand count
SPECS = {
 "fmprc-en-2018-2020_cwang23-china_fm/txt/2018-05-11_geng-shuang_t1558711.txt": dict(
   date="2018-05-11", sp="Geng Shuang", title_line=2, statements=[3,4,5,6,7,8], end=34,
   ex=[(9,"Q","q",2,0),(12,"Q","q",2,0),(15,"Q","q",1,0),(17,"Q","q",3,0),(21,"Q","q",1,0),
       (23,"Q","q",1,0),(25,"Q","q",1,0),(27,"Q","q",2,0),(30,"Q","q",1,0),(32,"Q","q",1,0)]),
 "fmprc-en-2018-2020_cwang23-china_fm/txt/2019-01-08_lu-kang_t1627900.txt": dict(
   date="2019-01-08", sp="Lu Kang", title_line=2, statements=[4,6], end=57, closing=[59,61],
   clar_paras=[22],
   ex=[(8,"Q","q",2,0),(14,"Q","q",1,0),(18,"Q","q",3,1),(28,"Q","q",2,0),(34,"Q","q",2,0),
       (40,"Q","q",1,0),(44,"Q","q",2,0),(50,"Q","q",1,0),(53,"Q","q",2,0)]),
 "fmprc-en-2018-2020_cwang23-china_fm/txt/2020-06-15_zhao-lijian_t1789003.txt": dict(
   date="2020-06-15", sp="Zhao Lijian", title_line=2, statements=[3], end=31,
   ex=[(4,"CCTV","outlet",2,0),(7,"Global Times","outlet",2,0),(10,"Reuters","outlet",1,0),
       (12,"Australian Broadcasting Corporation","outlet",2,0),(15,"China News Service","outlet",2,0),
       (18,"Xinhua News Agency","outlet",4,0),(23,"Foreign Journalist","foreign",2,0),
       (26,"Beijing Media Network","outlet",2,0),(29,"Reuters","outlet",1,0)]),
 "fmprc-en-2018-2020_cwang23-china_fm/txt/2020-06-11_hua-chunying_t1787995.txt": dict(
   date="2020-06-11", sp="Hua Chunying", title_line=2, statements=[], end=42,
   ex=[(3,"Xinhua News Agency","outlet",4,0),(8,"Beijing Youth Daily","outlet",2,0),(11,"TASS","outlet",5,0),
       (17,"The Paper","outlet",4,0),(22,"China News Service","outlet",1,0),(24,"AFP","outlet",1,0),
       (26,"Shenzhen TV","outlet",9,0),(36,"AFP","outlet",1,0),(38,"Bloomberg","outlet",1,0),
       (40,"Question raised after the press conference","after",1,0)]),
 "fmprc-en-2018-2020_cwang23-china_fm/txt/2020-04-28_geng-shuang_t1774380.txt": dict(
   date="2020-04-28", sp="Geng Shuang", title_line=2, statements=[], end=69,
   ex=[(4,"RIA Novosti","outlet",2,0),(7,"AFP","outlet",3,0),(11,"Reuters","outlet",3,0),
       (15,"The Australian","outlet",2,0),(18,"Follow-up","followup",2,0),(21,"Xinhua News Agency","outlet",5,0),
       (27,"China Daily","outlet",4,0),(32,"The Australian","outlet",2,0),(35,"Follow-up","followup",3,0),
       (39,"Follow-up","followup",2,0),(42,"Follow-up","followup",4,0),(47,"PTI","outlet",4,0),
       (52,"PTI","outlet",2,0),(55,"PTI","outlet",4,0),(60,"The Australian","outlet",1,0),
       (62,"Follow-up","followup",1,0),(64,"Follow-up","followup",1,0),(66,"Follow-up","followup",2,0)]),
 "seed/2024-02-23_mao-ning.txt": dict(
   date="2024-02-23", sp="Mao Ning", title_line=2, statements=[], end=26,
   ex=[(4,"Reuters","outlet",2,0),(7,"CCTV","outlet",3,0),(11,"Dragon TV","outlet",3,0),(15,"Bloomberg","outlet",2,0),
       (18,"Kyodo News","outlet",1,0),(20,"Kyodo News","outlet",1,0),(22,"Bloomberg","outlet",1,0),(24,"Bloomberg","outlet",1,0)]),
 "fmprc-en-2018-2020_cwang23-china_fm/txt/2019-11-26_geng-shuang_remarks_t1719112.txt": dict(
   date="2019-11-26", sp="Geng Shuang", title_line=2, statements=[], end=16,
   ex=[(3,"Q","q",3,0),(7,"Q","q",5,0),(13,"Q","q",2,0)]),
}

ok = True
for src, s in SPECS.items():
    P = paras(src)
    doc = {"source": src, "title": P[s["title_line"]], "date": s["date"], "spokesperson": s["sp"],
           "statements": len(s["statements"]),
           "statement_first_words": [words(P[i], 6) for i in s["statements"]], "exchanges": []}
    if s.get("closing"):
        doc["closing_paragraphs"] = len(s["closing"])
        doc["closing_first_words"] = [words(P[i], 6) for i in s["closing"]]
    starts = [e[0] for e in s["ex"]]
    # cross-check: opening statements are exactly the non-blank paragraphs between title and first question
    op = [i for i in range(s["title_line"]+1, starts[0]) if not is_blank(P[i]) and not P[i].startswith("2024-02-23 19:08")]
    if op != s["statements"]: ok=False; print("STATEMENTS MISMATCH", src, op)
    for k, (qi, label, kind, ans, clar) in enumerate(s["ex"]):
        q = P[qi]
        assert q.startswith(label + ":"), (src, qi, label)
        text = q[len(label)+1:]
        nxt = starts[k+1] if k+1 < len(starts) else (s["closing"][0] if s.get("closing") else s["end"])
        body = [i for i in range(qi+1, nxt) if not is_blank(P[i])]
        clar_ps = [i for i in body if i in s.get("clar_paras", [])]
        ans_ps = [i for i in body if i not in clar_ps]
        if len(ans_ps) != ans or len(clar_ps) != clar:
            ok=False; print("COUNT MISMATCH", src, qi, len(ans_ps), ans, len(clar_ps), clar)
        # first answer paragraph must carry the answer label
        alab = "A:" if kind == "q" else s["sp"] + ":"
        if not P[ans_ps[0]].startswith(alab): ok=False; print("ANSWER LABEL?", src, ans_ps[0])
        doc["exchanges"].append({"position": k+1,
            "outlet": label if kind == "outlet" else None,
            "follow_up": kind == "followup", "after_conference": kind == "after",
            "question_first_words": words(text, 8), "answered_by": s["sp"],
            "answer_paragraphs": ans, "clarifications": clar})
    stem = os.path.splitext(os.path.basename(src))[0]
    with open(os.path.join(OUT, stem + ".json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2); f.write("\n")
    print(stem, len(doc["exchanges"]), "exchanges")
print("ALL OK" if ok else "PROBLEMS")
