import { useState, type FormEvent } from 'react';
import { ok, portal, uploadTransport } from '../api';
import { Field, Loading, ProblemBanner, Progress } from '../components/ui';
import { jst } from '../labels';
import { useAction } from './useAction';
import { useLoad } from './useLoad';

/** J-LIS publishes a new template version of a form (PDF, DOCX or XLSX); the latest is what applicants download. */
export function Templates() {
  const { data, shown, reload } = useLoad(() => ok(portal().GET('/api/v1/forms')), 'forms');
  const [form, setForm] = useState('');
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState(0);
  const [progress, setProgress] = useState<number>();
  const upload = useAction();
  const code = form || data?.items[0]?.code || '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      upload.setShown({ message: '入力内容を確認してください。', fields: { file: 'ファイルを選んでください。' } });
      return;
    }
    setProgress(0);
    const done = await upload.run(() =>
      ok(
        portal(uploadTransport(setProgress)).POST('/api/v1/forms/{code}/templates', {
          params: { path: { code } },
          body: { file: file as unknown as string },
          bodySerializer: () => {
            const data = new FormData();
            data.set('file', file, file.name);
            return data;
          },
        }),
      ),
    );
    setProgress(undefined);
    if (done) {
      setFile(undefined);
      setSent(sent + 1);
      reload();
    }
  };
  return (
    <>
      <h1>様式のひな形</h1>
      <ProblemBanner shown={shown} />
      {!data ? (
        !shown && <Loading />
      ) : (
        <table>
          <caption>様式と最新のひな形</caption>
          <thead>
            <tr>
              <th scope="col">様式</th>
              <th scope="col">名称</th>
              <th scope="col">最新のひな形</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((f) => (
              <tr key={f.code}>
                <th scope="row">{f.code}</th>
                <td>{f.nameJa}</td>
                <td>
                  {f.latestTemplate
                    ? `第${f.latestTemplate.version}版 ${f.latestTemplate.file.filename}(${jst(f.latestTemplate.uploadedAt)})`
                    : 'なし'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">ひな形の登録</h2>
        <ProblemBanner shown={upload.shown} />
        <Field label="様式" error={upload.shown?.fields.code}>
          {(p) => (
            <select {...p} value={code} onChange={(e) => setForm(e.target.value)}>
              {(data?.items ?? []).map((f) => (
                <option key={f.code} value={f.code}>
                  {f.code} {f.nameJa}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="ひな形のファイル(PDF・DOCX・XLSX)" error={upload.shown?.fields.file}>
          {(p) => (
            <input
              {...p}
              key={sent}
              type="file"
              accept=".pdf,.docx,.xlsx,application/pdf"
              onChange={(e) => setFile(e.target.files?.[0])}
            />
          )}
        </Field>
        {progress !== undefined && <Progress fraction={progress} label="アップロードの進み具合" />}
        <button type="submit" disabled={upload.busy}>
          {upload.busy ? '送信中…' : 'ひな形を登録する'}
        </button>
      </form>
    </>
  );
}
