"""Drives the ChurnGuard console in headless Chromium (Debian's chromium and chromium-driver,
through selenium), as a person would: signs in, opens every page, submits the predict form with a
bad value and reads the error next to the field, uploads a CSV batch and downloads the result,
promotes a model as admin, and is refused as analyst. Writes a screenshot per step.

Run by ConsoleBrowserTests (Swift) against a server on loopback:
    python3 console_check.py BASE_URL ADMIN_TOKEN ANALYST_TOKEN SCREENSHOT_DIR
Prints one line per check; exits non-zero on the first failure.
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

base, admin_token, analyst_token, shots = sys.argv[1:5]
os.makedirs(shots, exist_ok=True)
downloads = os.path.join(shots, "downloads")
os.makedirs(downloads, exist_ok=True)

options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400"]:
    options.add_argument(argument)
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
driver.set_page_load_timeout(30)


def check(condition, message):
    if not condition:
        driver.save_screenshot(os.path.join(shots, "failure.png"))
        print("FAIL " + message, flush=True)
        driver.quit()
        sys.exit(1)
    print("ok " + message, flush=True)


def shot(name):
    driver.save_screenshot(os.path.join(shots, name + ".png"))


def h1():
    return driver.find_element(By.TAG_NAME, "h1").text


def csp_violations():
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def sign_in(token, open_form=True):
    if open_form:
        driver.get(base + "/console/login")
    field = driver.find_element(By.ID, "token")
    field.send_keys(token)
    field.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "/console/login" not in d.current_url)


driver.get(base + "/console/at-risk")
check(driver.current_url.startswith(base + "/console/login"), "a page without a session opens the sign-in form")
check(driver.find_element(By.CSS_SELECTOR, "label[for=token]").text != "", "the token field is labelled")
shot("01-sign-in")
sign_in(admin_token, open_form=False)
check(driver.current_url == base + "/console/at-risk", "signing in returns to the page asked for")

pages = [("overview", "/console", "Overview"), ("at-risk", "/console/at-risk?tier=CRITICAL", "At risk"),
         ("customer", "/console/customer?id=c090", "Customer c090"), ("campaigns", "/console/campaigns", "Campaigns"),
         ("campaign", "/console/campaigns/camp-1", "Campaign camp-1"), ("predict", "/console/predict", "Predict"),
         ("models", "/console/models", "Models"), ("model", "/console/models/v-b", "Model v-b"),
         ("model-compare", "/console/models/compare?a=v-a&b=v-b", "Compare v-a and v-b"),
         ("monitoring", "/console/monitoring", "Monitoring"), ("delivery", "/console/delivery", "Delivery")]
for index, (name, path, heading) in enumerate(pages):
    driver.get(base + path)
    check(h1() == heading, f"{path} shows '{heading}'")
    levels = [int(element.tag_name[1]) for element in driver.find_elements(By.CSS_SELECTOR, "h1, h2, h3")]
    check(levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"{path} has headings in order")
    unlabelled = [element.get_attribute("id") for element in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select")
                  if not driver.find_elements(By.CSS_SELECTOR, f"label[for='{element.get_attribute('id')}']")]
    check(unlabelled == [], f"{path} labels every input")
    shot(f"{index + 2:02d}-{name}")
check(csp_violations() == [], "no page broke the Content-Security-Policy")

# Keyboard: the skip link is the first stop, then the navigation.
driver.get(base + "/console")
driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
check(driver.switch_to.active_element.text == "Skip to content", "the first Tab reaches the skip link")

driver.get(base + "/console/predict")
driver.find_element(By.ID, "f-customer_id").send_keys("browser-1")
driver.find_element(By.ID, "f-engagement_score").send_keys("7")
driver.find_element(By.CSS_SELECTOR, "form.predict button[type=submit]").click()
WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "e-engagement_score"))
error = driver.find_element(By.ID, "e-engagement_score").text
check("above its maximum" in error, "a bad value is reported next to its field: " + error)
check(driver.find_element(By.ID, "f-engagement_score").get_attribute("aria-invalid") == "true", "the field is marked invalid")
shot("20-predict-field-error")
driver.find_element(By.ID, "f-engagement_score").clear()
driver.find_element(By.ID, "f-engagement_score").send_keys("0.3")
driver.find_element(By.CSS_SELECTOR, "form.predict button[type=submit]").click()
WebDriverWait(driver, 10).until(lambda d: "Result for browser-1" in d.page_source)
check("Result for browser-1" in driver.page_source, "a good value is scored")
shot("21-predict-result")

csv_path = os.path.join(shots, "batch.csv")
with open(csv_path, "w") as handle:
    handle.write("customer_id,engagement_score\nbatch-1,0.2\nbatch-2,0.8\n")
driver.find_element(By.ID, "csv").send_keys(csv_path)
driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
deadline = time.time() + 15
while time.time() < deadline and not os.path.exists(os.path.join(downloads, "predictions.csv")):
    time.sleep(0.2)
result = os.path.join(downloads, "predictions.csv")
check(os.path.exists(result), "the batch result downloads")
with open(result) as handle:
    lines = handle.read().splitlines()
check(len(lines) == 3 and lines[1].startswith("batch-1,"), "the downloaded file has a line per customer")

driver.get(base + "/console/models/v-b")
driver.find_element(By.LINK_TEXT, "Promote to production…").click()
WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/promote"))
check(h1() == "Promote v-b", "promotion asks for confirmation")
shot("22-promote-confirm")
driver.find_element(By.ID, "reason").send_keys("browser check")
driver.find_element(By.CSS_SELECTOR, "button[name=confirm]").click()
WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/console/models/v-b"))
check("Stage <strong>production</strong>" in driver.page_source, "the admin promoted v-b")
shot("23-promoted")

outcomes_path = os.path.join(shots, "outcomes.csv")
with open(outcomes_path, "w") as handle:
    handle.write("outcome_id,campaign_id,customer_id,retained\nbrowser-o1,camp-1,c095,true\nbrowser-o2,camp-1,c099,perhaps\n")
driver.get(base + "/console/campaigns")
driver.find_element(By.ID, "outcomes-file").send_keys(outcomes_path)
driver.find_element(By.CSS_SELECTOR, "form[action='/console/campaigns/outcomes'] button[type=submit]").click()
WebDriverWait(driver, 10).until(lambda d: "recorded," in d.page_source)
check("1 recorded, 0 already recorded, 1 refused." in driver.page_source, "an outcomes upload records the good line")
check("line 3: retained" in driver.page_source, "an outcomes upload names the refused line")
shot("25-outcomes-uploaded")

driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
WebDriverWait(driver, 10).until(lambda d: "/console/login" in d.current_url)
check(driver.current_url.startswith(base + "/console/login"), "signing out returns to the sign-in form")
sign_in(analyst_token)
driver.get(base + "/console/models/v-a/promote")
check(h1() == "Not allowed", "an analyst is refused the promotion page")
shot("24-analyst-refused")
driver.quit()
print("browser checks passed", flush=True)
