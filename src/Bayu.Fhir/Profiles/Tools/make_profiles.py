#!/usr/bin/env python3
"""Generates Bayu's profile data (Profiles/Data/*.json) from the GB/T 2260 tables in ../shared/cn.

Run from the repository root: python3 src/Bayu.Fhir/Profiles/Tools/make_profiles.py /work/shared/cn
The output is committed; the product reads only the JSON.
"""
import csv, json, sys, os

BASE = "http://bayu.health/fhir"
cn = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/cn"
out = os.path.join(os.path.dirname(__file__), "..", "Data")

def rows(name):
    with open(os.path.join(cn, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))

provinces = {r["code"]: {"code": r["code"] + "0000", "display": r["name"], "concept": []} for r in rows("provinces.csv")}
cities = {}
for r in rows("cities.csv"):
    c = {"code": r["code"] + "00", "display": r["name"], "concept": []}
    cities[r["code"]] = c
    provinces[r["provinceCode"]]["concept"].append(c)
for r in rows("areas.csv"):
    cities[r["cityCode"]]["concept"].append({"code": r["code"], "display": r["name"]})
def prune(c):
    if "concept" in c:
        if not c["concept"]:
            del c["concept"]
        else:
            for x in c["concept"]:
                prune(x)
concepts = list(provinces.values())
for c in concepts:
    prune(c)
count = sum(1 for _ in rows("areas.csv")) + len(cities) + len(provinces)

def write(name, res):
    res = {k: v for k, v in res.items() if v is not None}
    with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(res, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")

def codesystem(id, title, description, concepts, count, hierarchy=True):
    return {"resourceType": "CodeSystem", "id": id, "url": f"{BASE}/CodeSystem/{id}", "version": "1.0.0", "name": id.title().replace("-", ""),
            "title": title, "status": "active", "experimental": False, "publisher": "Bayu", "description": description,
            "caseSensitive": True, "valueSet": f"{BASE}/ValueSet/{id}", "hierarchyMeaning": "part-of" if hierarchy else None,
            "content": "complete", "count": count, "concept": concepts}

def valueset(id, title):
    return {"resourceType": "ValueSet", "id": id, "url": f"{BASE}/ValueSet/{id}", "version": "1.0.0", "name": id.title().replace("-", ""),
            "title": title, "status": "active", "experimental": False, "publisher": "Bayu", "description": f"All codes of {title}.",
            "compose": {"include": [{"system": f"{BASE}/CodeSystem/{id}"}]}}

cs = codesystem("cn-region", "GB/T 2260 administrative division codes (中华人民共和国行政区划代码)",
    "Provinces, prefecture-level cities and county-level divisions as 6-digit GB/T 2260 codes; counties are nested in their city, cities in their province (is-a filters select a whole province or city).",
    concepts, count)
write("CodeSystem-cn-region", cs)
write("ValueSet-cn-region", valueset("cn-region", "GB/T 2260 region codes"))

levels = []
for n, zh in (("1", "一级"), ("2", "二级"), ("3", "三级")):
    levels.append({"code": n, "display": zh + "医院", "concept": [{"code": n + g, "display": zh + gz + "等"} for g, gz in (("A", "甲"), ("B", "乙"), ("C", "丙"))]})
write("CodeSystem-institution-level", codesystem("institution-level", "Medical institution level and grade (医院等级)",
    "Level (一级/二级/三级) with grade (甲/乙/丙等) nested under it, per the hospital grading of the National Health Commission.", levels, 12))
write("ValueSet-institution-level", valueset("institution-level", "institution levels"))

types = [("hospital", "医院"), ("primary-care-centre", "社区卫生服务中心"), ("township-health-centre", "乡镇卫生院"), ("village-clinic", "村卫生室"),
         ("pharmacy", "药店"), ("cdc", "疾病预防控制中心"), ("maternal-child-hospital", "妇幼保健院"), ("internet-hospital", "互联网医院")]
write("CodeSystem-institution-type", codesystem("institution-type", "Health institution type (医疗卫生机构类型)",
    "Kinds of institutions on the regional platform.", [{"code": c, "display": d} for c, d in types], len(types), hierarchy=False))
write("ValueSet-institution-type", valueset("institution-type", "institution types"))
print("cn-region concepts:", count)
