import { assertHeldArea } from '../services/areas';
import type { Store } from '../db/openStore';
import { defineRoute, HttpError, type AnyRoute } from '../http/route';
import { reportQuery } from '../report/query';
import { runJob } from '../workers/pool';
import { reportHtml } from '../report/html';
import { ChromiumMissingError, printPdf } from '../report/pdf';

export function reportRoutes(db: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/report',
      summary:
        'Tasking-meeting pack (A4 PDF or HTML): map, hot spots with emerging class, wards, overlap, context, patrol plan, method and sources',
      query: reportQuery,
      handler: async (q, { res, signal }) => {
        assertHeldArea(db, q.area);
        const data = await runJob('report', db, q, { signal, label: 'tasking pack', budget: 90 });
        const html = reportHtml(data);
        const name = `tasking-pack-${data.area.code ?? q.area ?? 'borough'}-${data.from === data.to ? data.to : `${data.from}_${data.to}`}`;
        if (q.format === 'html') {
          res.type('html').send(html);
          return undefined;
        }
        let pdf: Buffer;
        try {
          pdf = await printPdf(html);
        } catch (err) {
          if (err instanceof ChromiumMissingError) throw new HttpError(503, err.message);
          throw err;
        }
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="${name}.pdf"`);
        res.send(pdf);
        return undefined;
      },
    }),
  ];
}
