// The peer for bench/web.bench.ts: ODK Web Forms (npm @getodk/web-forms, on Vue) rendering a small
// household form, bundled for production the way an app embedding it would ship it.
import { OdkWebForm, webFormsPlugin } from "@getodk/web-forms";
import { createApp, h } from "vue";

const formXml = `<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">
  <h:head>
    <h:title>Phiếu hộ gia đình</h:title>
    <model>
      <instance>
        <data id="household">
          <headName/><members/><income/><water/>
          <meta><instanceID/></meta>
        </data>
      </instance>
      <bind nodeset="/data/headName" type="string" required="true()"/>
      <bind nodeset="/data/members" type="int"/>
      <bind nodeset="/data/income" type="int"/>
      <bind nodeset="/data/water" type="string"/>
      <bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>
    </model>
  </h:head>
  <h:body>
    <input ref="/data/headName"><label>Họ tên chủ hộ</label></input>
    <input ref="/data/members"><label>Số thành viên</label></input>
    <input ref="/data/income"><label>Thu nhập bình quân đầu người/tháng</label></input>
    <select1 ref="/data/water"><label>Nguồn nước</label>
      <item><label>Nước máy</label><value>piped</value></item>
      <item><label>Giếng khoan</label><value>drilled_well</value></item>
      <item><label>Sông, suối</label><value>surface_water</value></item>
    </select1>
  </h:body>
</h:html>`;

createApp({
  render: () => h(OdkWebForm, { formXml, fetchFormAttachment: () => Promise.reject(new Error("no attachments")) }),
})
  .use(webFormsPlugin)
  .mount("#app");
