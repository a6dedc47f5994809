// vanban web desk: the document form. Inputs carry data-path ("noi_dung.2.y.0.muc"); collect()
// turns them back into the content, the server validates it with the engine and answers with
// problems at paths, the YAML and the PDF pages of the preview.
"use strict";

const csrf = document.querySelector('meta[name="csrf"]').content;
const form = document.getElementById("doc-form");
const statusBox = document.getElementById("status");
let inFlight = false;
let pending = false;
let timer = null;

function setAt(root, path, value) {
  const parts = path.split(".");
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = /^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i];
    const nextIsIndex = /^\d+$/.test(parts[i + 1]);
    if (node[key] === undefined || node[key] === null) node[key] = nextIsIndex ? [] : {};
    node = node[key];
  }
  const last = parts[parts.length - 1];
  node[/^\d+$/.test(last) ? Number(last) : last] = value;
}

function collect() {
  const data = {};
  // every list entry exists, even before anything is typed in it (the server then says so)
  form.querySelectorAll(".item").forEach((item) => {
    if (item.dataset.kind !== "string") setAt(data, item.dataset.item, {});
  });
  form.querySelectorAll("[data-path]").forEach((el) => {
    const path = el.dataset.path;
    const type = el.dataset.type;
    const isEntry = el.closest(".item") && el.closest(".item").dataset.item === path;
    if (type === "bool") {
      if (el.checked) setAt(data, path, true);
      return;
    }
    const raw = el.value;
    if (type === "yaml") {
      if (raw.trim()) setAt(data, path, { __yaml__: raw });
      return;
    }
    if (!raw.trim() && !isEntry) return;
    if (type === "int" && /^\s*\d+\s*$/.test(raw)) setAt(data, path, Number(raw));
    else setAt(data, path, raw);
  });
  return data;
}

function post(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
}

function nearest(path) {
  // the element whose path is the problem's path or its longest prefix
  let parts = path ? path.split(".") : [];
  while (parts.length) {
    const p = parts.join(".");
    const el = form.querySelector(
      `[data-field="${p}"], [data-item="${p}"], [data-group="${p}"]`);
    if (el) return el;
    parts = parts.slice(0, -1);
  }
  return null;
}

function showProblems(problems) {
  form.querySelectorAll(".problem").forEach((el) => { el.textContent = ""; });
  form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
  const list = document.getElementById("problems");
  list.innerHTML = "";
  for (const p of problems) {
    const target = nearest(p.path);
    const li = document.createElement("li");
    li.className = p.severity;
    li.textContent = (p.path ? p.path + ": " : "") + p.message + (p.hint ? " → " + p.hint : "");
    list.appendChild(li);
    if (!target) continue;
    target.classList.add("invalid");
    if (target.tagName === "DETAILS") target.open = true;
    const box = target.querySelector(":scope > .problem") || target.querySelector(".problem");
    if (box) box.textContent = p.message + (p.hint ? " → " + p.hint : "");
    if (li) li.addEventListener("click", () => {
      const input = target.querySelector("[data-path]") || target;
      input.focus();
    });
  }
}

function showPages(urls) {
  const pages = document.getElementById("pages");
  const images = urls.map((url, i) => {
    const img = new Image();
    img.src = url;
    img.alt = `Trang ${i + 1}`;
    img.className = "page";
    return img;
  });
  Promise.all(images.map((img) => img.decode().catch(() => null))).then(() => {
    pages.replaceChildren(...images);
    pages.dataset.version = String(Number(pages.dataset.version || 0) + 1);
  });
}

async function preview() {
  if (inFlight) { pending = true; return; }
  inFlight = true;
  statusBox.textContent = "Đang dựng…";
  try {
    const response = await post("/api/xem-truoc", { du_lieu: collect() });
    if (response.status === 401) { location.href = "/dang-nhap"; return; }
    const answer = await response.json();
    if (!answer.superseded) {
      document.getElementById("yaml").textContent = answer.yaml;
      showProblems(answer.problems || []);
      if (answer.pages && answer.pages.length) showPages(answer.pages);
      const errors = (answer.problems || []).filter((p) => p.severity === "error").length;
      statusBox.textContent = errors ? `${errors} lỗi` : "Đã cập nhật";
      statusBox.className = errors ? "bad" : "good";
    }
  } catch (err) {
    statusBox.textContent = "Mất kết nối tới máy chủ";
  } finally {
    inFlight = false;
    if (pending) { pending = false; preview(); }
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(preview, 350);
}

function renumber(list) {
  const base = list.dataset.list;
  [...list.children].filter((c) => c.classList.contains("item")).forEach((item, i) => {
    const old = item.dataset.item;
    const now = `${base}.${i}`;
    if (old === now) return;
    const attrs = ["data-item", "data-path", "data-field", "data-group", "data-list", "name"];
    for (const el of [item, ...item.querySelectorAll("*")]) {
      for (const a of attrs) {
        const v = el.getAttribute(a);
        if (v === old || (v && v.startsWith(old + "."))) el.setAttribute(a, now + v.slice(old.length));
      }
    }
  });
}

async function uploadPicture(input) {
  // a figure's picture: the server checks and keeps it, and answers with the name for the field
  const file = input.files[0];
  if (!file) return;
  const field = input.closest(".field");
  const target = field.querySelector("[data-path]");
  const box = field.querySelector(".upload-problem");
  const body = new FormData();
  body.append("tep", file);
  box.textContent = "Đang tải ảnh lên…";
  try {
    const response = await fetch("/api/hinh", {
      method: "POST", headers: { "X-CSRF-Token": csrf }, body, credentials: "same-origin",
    });
    if (response.status === 401) { location.href = "/dang-nhap"; return; }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      box.textContent = answer.loi || `Không tải được ảnh (mã ${response.status}).`;
      field.classList.add("invalid");
      return;
    }
    box.textContent = "";
    target.value = answer.hinh;
    const link = field.querySelector("a.picture-link");
    link.href = "/soan/hinh/" + answer.hinh.split("/").pop();
    link.hidden = false;
    preview();
  } catch (err) {
    box.textContent = "Mất kết nối tới máy chủ";
  } finally {
    input.value = "";
  }
}

function edited(event) {
  if (event.target.type === "file") {
    if (event.type === "change") uploadPicture(event.target);
    return;
  }
  schedule();
}

form.addEventListener("input", edited);
form.addEventListener("change", edited);
form.addEventListener("click", async (event) => {
  const add = event.target.closest("button.add");
  const remove = event.target.closest("button.remove");
  if (add) {
    const list = add.closest(".list");
    const count = [...list.children].filter((c) => c.classList.contains("item")).length;
    const response = await post("/api/muc", {
      items: JSON.parse(list.dataset.items), path: `${list.dataset.list}.${count}`,
      variant: Number(add.dataset.variant),
    });
    const answer = await response.json();
    const holder = document.createElement("div");
    holder.innerHTML = answer.html;
    const item = holder.firstElementChild;
    list.insertBefore(item, list.querySelector(":scope > .adds"));
    const first = item.querySelector("[data-path]");
    if (first) first.focus();
    schedule();
  } else if (remove) {
    const item = remove.closest(".item");
    const list = item.parentElement;
    item.remove();
    renumber(list);
    schedule();
  }
});

document.getElementById("save").addEventListener("click", async () => {
  const name = document.getElementById("file-name").value.trim();
  const response = await post("/api/luu", { ten: name, du_lieu: collect() });
  const answer = await response.json();
  statusBox.textContent = response.ok ? `Đã lưu ${answer.ten}` : answer.loi;
  statusBox.className = response.ok ? "good" : "bad";
});

document.querySelectorAll("button.download").forEach((button) => {
  button.addEventListener("click", () => {
    const download = document.getElementById("download-form");
    download.elements.du_lieu.value = JSON.stringify(collect());
    download.elements.dinh_dang.value = button.dataset.format;
    download.submit();
  });
});

document.querySelectorAll(".tabs button").forEach((tab) => {
  tab.addEventListener("click", () => {
    document.querySelectorAll(".tabs button").forEach((t) => t.classList.remove("on"));
    tab.classList.add("on");
    document.getElementById("pages").hidden = tab.dataset.tab !== "pages";
    document.getElementById("yaml").hidden = tab.dataset.tab !== "yaml";
  });
});

preview();
