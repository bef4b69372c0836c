// One action on one record of a console desk (a caller, a poll): the record's buttons
// rest while it is in flight, a success stores the answer and says so, and a failure
// goes to the desk's own handler (which knows how to explain a conflict).
export function createDeskAction({ busy, upsert, notice, failed, scheduleRender }) {
  return async function act(record, request, doneText) {
    if (busy.has(record.id)) return false;
    busy.add(record.id);
    scheduleRender();
    try {
      const r = await request();
      if (r.ok) {
        upsert(r.data);
        notice(doneText);
        return true;
      }
      await failed(record, r);
      return false;
    } finally {
      busy.delete(record.id);
      scheduleRender();
    }
  };
}
