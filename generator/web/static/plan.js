// vanban web desk: follow a plan's background consolidation until it is done.
"use strict";

const job = document.getElementById("job");
async function poll() {
  const response = await fetch(`/api/ke-hoach/${job.dataset.plan}/tien-do`,
                               { credentials: "same-origin" });
  if (!response.ok) return;
  const state = await response.json();
  if (state.done) {
    if (!job.dataset.done) { job.dataset.done = "1"; location.reload(); }
    return;
  }
  if (state.stage && state.stage !== "Chưa chạy") {
    job.innerHTML = "";
    const p = document.createElement("p");
    p.className = "stage";
    p.textContent = `${state.stage} (${state.seconds} giây)…`;
    job.appendChild(p);
  }
  setTimeout(poll, 1000);
}
const running = job.querySelector(".stage");
if (running && !running.textContent.startsWith("Xong")) poll();
document.getElementById("consolidate")?.addEventListener("click", () => {
  setTimeout(poll, 500);
});
