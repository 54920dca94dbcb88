#!/usr/bin/env python3
"""Writes the two flat churn samples used by the README tour and `churnguard import`.

Samples/telco_sample.csv has the columns of the classic telecom churn export (Yes/No flags, a
"No internet service" third value, blank TotalCharges for brand-new customers, Churn Yes/No);
Samples/bank_sample.csv those of the bank churn export (RowNumber, Surname, 0/1 flags, Exited 0/1).
Every value is synthetic, drawn from a fixed seed with churn driven by plausible effects (contract,
tenure, fibre, age, activity), so the files are reproducible and a model trained on them learns
something. Run from the repository root: python3 scripts/generate_import_samples.py
"""
import csv
import math
import random
import string

TELCO_ROWS = 180
BANK_ROWS = 200


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def telco(rng, count=TELCO_ROWS):
    rows = []
    seen = set()
    for _ in range(count):
        while True:
            cid = f"{rng.randint(1000, 9999)}-{''.join(rng.choice(string.ascii_uppercase) for _ in range(5))}"
            if cid not in seen:
                seen.add(cid)
                break
        senior = 1 if rng.random() < 0.16 else 0
        partner = rng.random() < 0.48
        dependents = partner and rng.random() < 0.6
        contract = rng.choices(["Month-to-month", "One year", "Two year"], [0.55, 0.21, 0.24])[0]
        if contract == "Month-to-month":
            tenure = min(72, 1 + int(rng.expovariate(1 / 14)))
        else:
            tenure = rng.randint(6, 72)
        if rng.random() < 0.03:
            tenure = 0  # signed up this month: no TotalCharges yet, as in the real export
        phone = rng.random() < 0.9
        multiple = ("Yes" if rng.random() < 0.45 else "No") if phone else "No phone service"
        internet = rng.choices(["DSL", "Fiber optic", "No"], [0.34, 0.44, 0.22])[0]

        def addon(p):
            if internet == "No":
                return "No internet service"
            return "Yes" if rng.random() < p else "No"

        security = addon(0.35)
        support = addon(0.35)
        paperless = rng.random() < 0.6
        payment = rng.choices(
            ["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"],
            [0.34, 0.23, 0.22, 0.21])[0]
        monthly = 20.0 + (5 if phone else 0) + (5 if multiple == "Yes" else 0)
        monthly += {"DSL": 25, "Fiber optic": 50, "No": 0}[internet]
        monthly += (5 if security == "Yes" else 0) + (5 if support == "Yes" else 0)
        monthly = round(monthly + rng.uniform(-4, 6), 2)
        total = " " if tenure == 0 else f"{round(monthly * tenure * rng.uniform(0.95, 1.05), 2):.2f}"
        logit = -1.3 + 0.35 * senior - 0.035 * tenure
        logit += {"Month-to-month": 1.1, "One year": -0.4, "Two year": -1.6}[contract]
        logit += 0.8 if internet == "Fiber optic" else 0
        logit += 0.5 if payment == "Electronic check" else 0
        logit -= 0.4 if security == "Yes" else 0
        logit += 0.2 if paperless else 0
        churn = rng.random() < sigmoid(logit)
        yes = lambda flag: "Yes" if flag else "No"  # noqa: E731
        rows.append([
            cid, rng.choice(["Male", "Female"]), senior, yes(partner), yes(dependents), tenure, yes(phone),
            multiple, internet, security, support, contract, yes(paperless), payment, f"{monthly:.2f}", total,
            yes(churn),
        ])
    header = ["customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
              "MultipleLines", "InternetService", "OnlineSecurity", "TechSupport", "Contract",
              "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn"]
    return header, rows


def bank(rng):
    starts = ["Ash", "Bel", "Cor", "Dal", "Ev", "Fen", "Gar", "Hal", "Ing", "Jar", "Kel", "Lan", "Mor",
              "Nor", "Ol", "Pen", "Quin", "Ros", "Sel", "Tar", "Ul", "Var", "Wen", "Yor"]
    ends = ["by", "ton", "well", "wood", "ford", "ley", "man", "son", "ridge", "field", "stone", "worth"]
    rows = []
    ids = rng.sample(range(15565000, 15816000), BANK_ROWS)
    for number in range(1, BANK_ROWS + 1):
        geography = rng.choices(["France", "Germany", "Spain"], [0.5, 0.25, 0.25])[0]
        gender = rng.choice(["Male", "Female"])
        age = max(18, min(92, int(rng.gauss(39, 10))))
        tenure = rng.randint(0, 10)
        balance = 0.0 if rng.random() < 0.36 else round(max(3000.0, rng.gauss(119000, 30000)), 2)
        products = rng.choices([1, 2, 3, 4], [0.5, 0.46, 0.03, 0.01])[0]
        card = 1 if rng.random() < 0.7 else 0
        active = 1 if rng.random() < 0.51 else 0
        salary = round(rng.uniform(11.58, 199992.48), 2)
        score = max(350, min(850, int(rng.gauss(650, 97))))
        logit = -2.2 + 0.07 * (age - 38) - 0.9 * active + (0.8 if geography == "Germany" else 0)
        logit += {1: 0.0, 2: -1.0, 3: 2.5, 4: 4.0}[products]
        logit += (0.3 if gender == "Female" else 0) + (0.3 if balance > 0 else 0) - 0.001 * (score - 650)
        exited = 1 if rng.random() < sigmoid(logit) else 0
        rows.append([
            number, ids[number - 1], rng.choice(starts) + rng.choice(ends), score, geography, gender, age,
            tenure, f"{balance:.2f}" if balance else "0", products, card, active, f"{salary:.2f}", exited,
        ])
    header = ["RowNumber", "CustomerId", "Surname", "CreditScore", "Geography", "Gender", "Age", "Tenure",
              "Balance", "NumOfProducts", "HasCrCard", "IsActiveMember", "EstimatedSalary", "Exited"]
    return header, rows


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3:
        # Benchmarks: a larger telecom-style file, e.g. `generate_import_samples.py 7043 /tmp/telco.csv`.
        write(sys.argv[2], *telco(random.Random(20240611), int(sys.argv[1])))
        sys.exit(0)
    write("Samples/telco_sample.csv", *telco(random.Random(20240611)))
    write("Samples/bank_sample.csv", *bank(random.Random(20240612)))
